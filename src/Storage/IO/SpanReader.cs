using System.Buffers.Binary;

namespace Engine.Storage.IO;

/// <summary>
/// Reads little-endian fields and varints from bytes of unknown quality: every read checks the
/// remaining length and reports damage as <see cref="CorruptDataException"/>, never an index error.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;

    public SpanReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _data.Length - Position;

    public readonly bool End => Position >= _data.Length;

    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.UInt64BitsToDouble(ReadUInt64());

    public ulong ReadVarint()
    {
        var used = Varint.TryRead(_data[Position..], out var value);
        if (used == 0)
        {
            throw Corrupt("truncated or overlong varint");
        }

        Position += used;
        return value;
    }

    /// <summary>Reads a varint that must be a length no larger than <paramref name="max"/>.</summary>
    public int ReadLength(int max)
    {
        var value = ReadVarint();
        if (value > (ulong)max)
        {
            throw Corrupt($"length {value} exceeds {max}");
        }

        return (int)value;
    }

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public readonly CorruptDataException Corrupt(string reason) =>
        new($"{_what}: {reason} at byte {Position}");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Corrupt($"needs {count} more bytes, {Remaining} left");
        }

        var span = _data.Slice(Position, count);
        Position += count;
        return span;
    }
}
