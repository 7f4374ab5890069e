using System.Buffers;
using System.Globalization;
using System.Text;
using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>
/// Writes line protocol into an <see cref="IBufferWriter{T}"/>: whole <see cref="Point"/>s, or a line
/// piece by piece from unescaped UTF-8 parts (<see cref="BeginLine"/>, <see cref="WriteTag"/>,
/// <c>WriteField</c>, <see cref="EndLine"/>) without allocating. Floats are written in shortest
/// round-trip form, integers with <c>i</c>, unsigned integers with <c>u</c>, strings quoted with
/// <c>\"</c> and <c>\\</c> escaped, timestamps in nanoseconds, lines ended by <c>\n</c>.
/// <para>
/// Names that the reader could not give back unchanged are rejected with an
/// <see cref="ArgumentException"/> (see <see cref="CanWrite(ReadOnlySpan{byte}, LineProtocolNamePosition)"/>):
/// the line protocol has no escape for a backslash in names, and InfluxDB's scanner pairs every
/// backslash with the byte after it, so a name ending in an odd run of backslashes, or with an odd run
/// directly before a character that must be escaped there (<c>,</c> and space; also <c>=</c> in keys
/// and tag values) cannot be written. Nor can a newline in a name, an empty name, a measurement that
/// starts with <c>#</c> or a tab (it would read as a comment or as leading whitespace), the reserved tag
/// keys <c>time</c>, <c>_measurement</c>, <c>_field</c>, a field named <c>time</c>, or a NaN or infinite float.
/// </para>
/// </summary>
public sealed class LineProtocolWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly IBufferWriter<byte> _output;
    private LineState _state;

    public LineProtocolWriter(IBufferWriter<byte> output)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    private enum LineState
    {
        BetweenLines,
        InTags,
        InFields,
    }

    /// <summary>Formats one point as a line (with its newline). Allocates; for tools and tests.</summary>
    public static string Format(Point point)
    {
        var buffer = new ArrayBufferWriter<byte>();
        new LineProtocolWriter(buffer).WritePoint(point);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Appends one point as a line (with its newline) to <paramref name="builder"/>.</summary>
    public static void Write(StringBuilder builder, Point point)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(Format(point));
    }

    /// <summary>Whether a name can be written in <paramref name="position"/> and read back unchanged.</summary>
    public static bool CanWrite(string name, LineProtocolNamePosition position)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            return CanWrite(StrictUtf8.GetBytes(name), position);
        }
        catch (EncoderFallbackException)
        {
            return false; // a lone surrogate has no UTF-8 form
        }
    }

    /// <summary>Whether UTF-8 <paramref name="name"/> can be written in <paramref name="position"/> and read back unchanged.</summary>
    public static bool CanWrite(ReadOnlySpan<byte> name, LineProtocolNamePosition position)
    {
        if (!LineProtocolEscaping.IsRepresentableName(name, EscapeKindOf(position)))
        {
            return false;
        }

        return position switch
        {
            LineProtocolNamePosition.Measurement => name[0] is not ((byte)'#' or (byte)'\t'),
            LineProtocolNamePosition.TagKey => !(name.SequenceEqual("time"u8) || name.SequenceEqual("_measurement"u8) || name.SequenceEqual("_field"u8)),
            LineProtocolNamePosition.FieldKey => !name.SequenceEqual("time"u8),
            _ => true,
        };
    }

    /// <summary>
    /// Writes <paramref name="point"/> as one line. Every name is checked before anything is written,
    /// so a rejected point leaves the output untouched.
    /// </summary>
    public void WritePoint(Point point)
    {
        ArgumentNullException.ThrowIfNull(point);
        if (point.Fields.Count == 0)
        {
            throw new ArgumentException("A point needs at least one field.", nameof(point));
        }

        byte[] measurement = Utf8Name(point.Measurement, LineProtocolNamePosition.Measurement);
        var tags = new (byte[] Key, byte[] Value)[point.Tags.Count];
        for (int i = 0; i < tags.Length; i++)
        {
            tags[i] = (Utf8Name(point.Tags[i].Key, LineProtocolNamePosition.TagKey), Utf8Name(point.Tags[i].Value, LineProtocolNamePosition.TagValue));
        }

        var fieldKeys = new byte[point.Fields.Count][];
        for (int i = 0; i < fieldKeys.Length; i++)
        {
            fieldKeys[i] = Utf8Name(point.Fields[i].Key, LineProtocolNamePosition.FieldKey);
            FieldValue value = point.Fields[i].Value;
            if (value.Type == FieldType.Float && !double.IsFinite(value.AsFloat))
            {
                throw new ArgumentException($"Line protocol has no form for the float {value.AsFloat}.", nameof(point));
            }
        }

        BeginLine(measurement);
        foreach ((byte[] key, byte[] value) in tags)
        {
            WriteTag(key, value);
        }

        for (int i = 0; i < fieldKeys.Length; i++)
        {
            FieldValue value = point.Fields[i].Value;
            switch (value.Type)
            {
                case FieldType.Float: WriteField(fieldKeys[i], value.AsFloat); break;
                case FieldType.Integer: WriteField(fieldKeys[i], value.AsInteger); break;
                case FieldType.Unsigned: WriteField(fieldKeys[i], value.AsUnsigned); break;
                case FieldType.Boolean: WriteField(fieldKeys[i], value.AsBoolean); break;
                default: WriteStringField(fieldKeys[i], Utf8(value.AsString)); break;
            }
        }

        EndLine(point.TimestampNs);
    }

    /// <summary>Starts a line with an unescaped UTF-8 measurement name.</summary>
    public void BeginLine(ReadOnlySpan<byte> measurement)
    {
        Require(_state == LineState.BetweenLines, "BeginLine called before the previous line was ended");
        WriteName(measurement, LineProtocolNamePosition.Measurement);
        _state = LineState.InTags;
    }

    /// <summary>Adds a tag (unescaped UTF-8). Tags must come before fields; order is kept as given.</summary>
    public void WriteTag(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Require(_state == LineState.InTags, "WriteTag called outside the tags of a line");
        WriteByte((byte)',');
        WriteName(key, LineProtocolNamePosition.TagKey);
        WriteByte((byte)'=');
        WriteName(value, LineProtocolNamePosition.TagValue);
    }

    public void WriteField(ReadOnlySpan<byte> key, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Line protocol has no form for the float {value}.", nameof(value));
        }

        BeginField(key);
        Span<byte> span = _output.GetSpan(32);
        value.TryFormat(span, out int written, "R", CultureInfo.InvariantCulture);
        _output.Advance(written);
    }

    public void WriteField(ReadOnlySpan<byte> key, long value)
    {
        BeginField(key);
        Span<byte> span = _output.GetSpan(21);
        value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'i';
        _output.Advance(written + 1);
    }

    public void WriteField(ReadOnlySpan<byte> key, ulong value)
    {
        BeginField(key);
        Span<byte> span = _output.GetSpan(21);
        value.TryFormat(span, out int written, default, CultureInfo.InvariantCulture);
        span[written] = (byte)'u';
        _output.Advance(written + 1);
    }

    public void WriteField(ReadOnlySpan<byte> key, bool value)
    {
        BeginField(key);
        WriteBytes(value ? "true"u8 : "false"u8);
    }

    /// <summary>Adds a string field; <paramref name="value"/> is unescaped UTF-8 and may contain anything.</summary>
    public void WriteStringField(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        BeginField(key);
        int length = LineProtocolEscaping.EscapedLength(value, EscapeKind.String);
        Span<byte> span = _output.GetSpan(length + 2);
        span[0] = (byte)'"';
        LineProtocolEscaping.Escape(value, span[1..], EscapeKind.String);
        span[length + 1] = (byte)'"';
        _output.Advance(length + 2);
    }

    /// <summary>Ends the line with its timestamp in nanoseconds and a newline.</summary>
    public void EndLine(long timestampNs)
    {
        Require(_state == LineState.InFields, "EndLine called before a field was written");
        Span<byte> span = _output.GetSpan(22);
        span[0] = (byte)' ';
        timestampNs.TryFormat(span[1..], out int written, default, CultureInfo.InvariantCulture);
        span[written + 1] = (byte)'\n';
        _output.Advance(written + 2);
        _state = LineState.BetweenLines;
    }

    private void BeginField(ReadOnlySpan<byte> key)
    {
        Require(_state != LineState.BetweenLines, "WriteField called before BeginLine");
        WriteByte(_state == LineState.InFields ? (byte)',' : (byte)' ');
        WriteName(key, LineProtocolNamePosition.FieldKey);
        WriteByte((byte)'=');
        _state = LineState.InFields;
    }

    /// <remarks>The raw-part API checks each name as it goes: after an exception the output holds a partial line.</remarks>
    private void WriteName(ReadOnlySpan<byte> name, LineProtocolNamePosition position)
    {
        if (!CanWrite(name, position))
        {
            throw UnwritableName(Encoding.UTF8.GetString(name), position);
        }

        EscapeKind kind = EscapeKindOf(position);
        int length = LineProtocolEscaping.EscapedLength(name, kind);
        LineProtocolEscaping.Escape(name, _output.GetSpan(length), kind);
        _output.Advance(length);
    }

    private void WriteByte(byte b)
    {
        _output.GetSpan(1)[0] = b;
        _output.Advance(1);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_output.GetSpan(bytes.Length));
        _output.Advance(bytes.Length);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    private static EscapeKind EscapeKindOf(LineProtocolNamePosition position) =>
        position == LineProtocolNamePosition.Measurement ? EscapeKind.Measurement : EscapeKind.Key;

    private static ArgumentException UnwritableName(string name, LineProtocolNamePosition position) =>
        new($"The {position} \"{name}\" cannot be written in line protocol and read back unchanged.", nameof(name));

    private static byte[] Utf8Name(string name, LineProtocolNamePosition position)
    {
        byte[] bytes = Utf8(name);
        return CanWrite(bytes, position) ? bytes : throw UnwritableName(name, position);
    }

    private static byte[] Utf8(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"\"{text}\" is not valid UTF-16 (a lone surrogate).", nameof(text), e);
        }
    }
}
