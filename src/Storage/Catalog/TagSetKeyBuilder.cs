using Engine.Storage.IO;

namespace Engine.Storage.Catalog;

/// <summary>
/// Builds a canonical <see cref="TagSetKey"/> from unescaped parts without allocating once its
/// buffers have grown: tags are collected, sorted by key and serialized into a reused buffer.
/// Not thread-safe; one per writer.
/// </summary>
public sealed class TagSetKeyBuilder
{
    private byte[] _parts = new byte[512];
    private int _partsLength;
    private (int KeyStart, int KeyLength, int ValueStart, int ValueLength)[] _tags = new (int, int, int, int)[16];
    private int _tagCount;
    private int _measurementLength;
    private byte[] _key = new byte[512];

    public int TagCount => _tagCount;

    public void Reset(ReadOnlySpan<byte> measurement)
    {
        _partsLength = 0;
        _tagCount = 0;
        Append(measurement);
        _measurementLength = measurement.Length;
    }

    public void AddTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (_tagCount == _tags.Length)
        {
            Array.Resize(ref _tags, _tags.Length * 2);
        }

        var keyStart = _partsLength;
        Append(key);
        var valueStart = _partsLength;
        Append(value);
        _tags[_tagCount++] = (keyStart, key.Length, valueStart, value.Length);
    }

    /// <summary>Returns the canonical key; valid until the next call on this builder.</summary>
    /// <exception cref="ArgumentException">Two tags have the same key.</exception>
    public ReadOnlySpan<byte> Build()
    {
        SortTags();
        var required = _partsLength + ((_tagCount * 2) + 2) * Varint.MaxBytes;
        if (_key.Length < required)
        {
            _key = new byte[Math.Max(required, _key.Length * 2)];
        }

        var span = _key.AsSpan();
        var length = WritePart(span, 0, _measurementLength);
        length += Varint.Write(span[length..], (ulong)_tagCount);
        for (var i = 0; i < _tagCount; i++)
        {
            var (keyStart, keyLength, valueStart, valueLength) = _tags[i];
            length += WritePart(span[length..], keyStart, keyLength);
            length += WritePart(span[length..], valueStart, valueLength);
        }

        return span[..length];
    }

    private int WritePart(Span<byte> destination, int start, int length)
    {
        var header = Varint.Write(destination, (ulong)length);
        _parts.AsSpan(start, length).CopyTo(destination[header..]);
        return header + length;
    }

    private void SortTags()
    {
        // Tag sets are small: insertion sort allocates nothing and is fastest for them.
        for (var i = 1; i < _tagCount; i++)
        {
            var current = _tags[i];
            var j = i - 1;
            while (j >= 0 && CompareKeys(_tags[j], current) > 0)
            {
                _tags[j + 1] = _tags[j];
                j--;
            }

            _tags[j + 1] = current;
        }

        for (var i = 1; i < _tagCount; i++)
        {
            if (CompareKeys(_tags[i - 1], _tags[i]) == 0)
            {
                throw new ArgumentException(
                    $"duplicate tag key '{System.Text.Encoding.UTF8.GetString(_parts, _tags[i].KeyStart, _tags[i].KeyLength)}'");
            }
        }
    }

    private int CompareKeys((int KeyStart, int KeyLength, int, int) a, (int KeyStart, int KeyLength, int, int) b) =>
        _parts.AsSpan(a.KeyStart, a.KeyLength).SequenceCompareTo(_parts.AsSpan(b.KeyStart, b.KeyLength));

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_partsLength + bytes.Length > _parts.Length)
        {
            Array.Resize(ref _parts, Math.Max(_parts.Length * 2, _partsLength + bytes.Length));
        }

        bytes.CopyTo(_parts.AsSpan(_partsLength));
        _partsLength += bytes.Length;
    }
}
