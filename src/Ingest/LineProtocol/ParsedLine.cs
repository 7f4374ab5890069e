using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>
/// One successfully parsed line, valid only during <see cref="ILineHandler.OnLine"/>. Names are exposed
/// as raw (still escaped) UTF-8 bytes of the input; the <c>Unescape*</c> methods copy the unescaped
/// bytes into a caller's buffer (at least as long as the raw bytes) and the <c>Get*</c> methods
/// allocate strings for convenience paths. Tags are in input order (not sorted) and have unique keys;
/// fields have unique keys, a field named <c>time</c> has been dropped.
/// </summary>
public readonly ref struct ParsedLine
{
    private readonly ReadOnlySpan<byte> _text;
    private readonly ReadOnlySpan<TagRange> _tags;
    private readonly ReadOnlySpan<FieldEntry> _fields;
    private readonly int _measurementStart;
    private readonly int _measurementLength;

    internal ParsedLine(ReadOnlySpan<byte> text, LineScratch scratch, long lineNumber)
    {
        _text = text;
        _tags = scratch.Tags.AsSpan(0, scratch.TagCount);
        _fields = scratch.Fields.AsSpan(0, scratch.FieldCount);
        _measurementStart = scratch.MeasurementStart;
        _measurementLength = scratch.MeasurementLength;
        LineNumber = lineNumber;
        TimestampNs = scratch.TimestampNs;
        HasTimestamp = scratch.HasTimestamp;
    }

    /// <summary>1-based number of the physical line the point starts on.</summary>
    public long LineNumber { get; }

    /// <summary>Nanoseconds since the Unix epoch: the line's timestamp scaled by the precision, or the default.</summary>
    public long TimestampNs { get; }

    /// <summary>Whether the line carried its own timestamp.</summary>
    public bool HasTimestamp { get; }

    public ReadOnlySpan<byte> MeasurementRaw => _text.Slice(_measurementStart, _measurementLength);

    public int TagCount => _tags.Length;

    public ReadOnlySpan<byte> TagKeyRaw(int index) => _text.Slice(_tags[index].KeyStart, _tags[index].KeyLength);

    public ReadOnlySpan<byte> TagValueRaw(int index) => _text.Slice(_tags[index].ValueStart, _tags[index].ValueLength);

    public int FieldCount => _fields.Length;

    public ReadOnlySpan<byte> FieldKeyRaw(int index) => _text.Slice(_fields[index].KeyStart, _fields[index].KeyLength);

    public FieldType FieldType(int index) => _fields[index].Type;

    /// <summary>Float bits, two's-complement int64, uint64 or 0/1; 0 for strings.</summary>
    public ulong FieldBits(int index) => _fields[index].Bits;

    /// <summary>The escaped bytes between the quotes of a string field; empty for other types.</summary>
    public ReadOnlySpan<byte> FieldStringRaw(int index) => _text.Slice(_fields[index].StringStart, _fields[index].StringLength);

    public int UnescapeMeasurement(Span<byte> destination) =>
        LineProtocolEscaping.Unescape(MeasurementRaw, destination, EscapeKind.Measurement);

    public int UnescapeTagKey(int index, Span<byte> destination) =>
        LineProtocolEscaping.Unescape(TagKeyRaw(index), destination, EscapeKind.Key);

    public int UnescapeTagValue(int index, Span<byte> destination) =>
        LineProtocolEscaping.Unescape(TagValueRaw(index), destination, EscapeKind.Key);

    public int UnescapeFieldKey(int index, Span<byte> destination) =>
        LineProtocolEscaping.Unescape(FieldKeyRaw(index), destination, EscapeKind.Key);

    public int UnescapeFieldString(int index, Span<byte> destination) =>
        LineProtocolEscaping.Unescape(FieldStringRaw(index), destination, EscapeKind.String);

    public string GetMeasurement() => LineProtocolEscaping.UnescapeToString(MeasurementRaw, EscapeKind.Measurement);

    public string GetTagKey(int index) => LineProtocolEscaping.UnescapeToString(TagKeyRaw(index), EscapeKind.Key);

    public string GetTagValue(int index) => LineProtocolEscaping.UnescapeToString(TagValueRaw(index), EscapeKind.Key);

    public string GetFieldKey(int index) => LineProtocolEscaping.UnescapeToString(FieldKeyRaw(index), EscapeKind.Key);

    public string GetFieldString(int index) => LineProtocolEscaping.UnescapeToString(FieldStringRaw(index), EscapeKind.String);

    public FieldValue GetFieldValue(int index) => FieldType(index) == Storage.Model.FieldType.String
        ? FieldValue.String(GetFieldString(index))
        : FieldValue.FromBits(FieldType(index), FieldBits(index));

    /// <summary>Builds an allocating <see cref="Point"/> (tags sorted by its constructor).</summary>
    public Point ToPoint()
    {
        var tags = new KeyValuePair<string, string>[TagCount];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = new(GetTagKey(i), GetTagValue(i));
        }

        var fields = new KeyValuePair<string, FieldValue>[FieldCount];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = new(GetFieldKey(i), GetFieldValue(i));
        }

        return new Point(GetMeasurement(), tags, fields, TimestampNs);
    }
}
