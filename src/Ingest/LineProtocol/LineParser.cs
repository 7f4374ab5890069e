using System.Buffers;
using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>
/// Parses the content of one line (without its line ending) into a <see cref="LineScratch"/>.
/// Stops at the first error. Allocates only to describe an error.
/// </summary>
internal static class LineParser
{
    // Each set includes the backslash so a scan can step over escape pairs.
    private static readonly SearchValues<byte> MeasurementStops = SearchValues.Create("\\, "u8);
    private static readonly SearchValues<byte> KeyStops = SearchValues.Create("\\,= "u8);
    private static readonly SearchValues<byte> StringStops = SearchValues.Create("\\\""u8);

    /// <param name="text">The line content.</param>
    /// <param name="start">Offset of the measurement (leading whitespace already skipped).</param>
    public static bool TryParse(ReadOnlySpan<byte> text, int start, LineScratch scratch, TimestampPrecision precision, out ParseFailure failure)
    {
        scratch.Reset();
        failure = default;
        int end = ScanName(text, start, MeasurementStops);
        if (end == start)
        {
            failure = ParseFailure.At(start, "expected a measurement name");
            return false;
        }

        scratch.MeasurementStart = start;
        scratch.MeasurementLength = end - start;
        int pos = end;
        while (pos < text.Length && text[pos] == (byte)',')
        {
            if (!TryParseTag(text, pos + 1, scratch, out pos, out failure))
            {
                return false;
            }
        }

        if (pos == text.Length)
        {
            failure = ParseFailure.At(pos, "expected ' ' and a field set after the measurement and tags");
            return false;
        }

        int fieldSetStart = pos = SkipSpaces(text, pos);
        while (true)
        {
            if (!TryParseField(text, pos, scratch, out pos, out failure))
            {
                return false;
            }

            if (pos < text.Length && text[pos] == (byte)',')
            {
                pos++;
                continue;
            }

            break;
        }

        if (scratch.FieldCount == 0)
        {
            failure = ParseFailure.At(fieldSetStart, "expected at least one field other than \"time\"");
            return false;
        }

        return TryParseTimestamp(text, pos, scratch, precision, out failure);
    }

    private static bool TryParseTag(ReadOnlySpan<byte> text, int keyStart, LineScratch scratch, out int pos, out ParseFailure failure)
    {
        failure = default;
        int keyEnd = ScanName(text, keyStart, KeyStops);
        pos = keyEnd;
        ReadOnlySpan<byte> key = text[keyStart..keyEnd];
        if (key.IsEmpty)
        {
            failure = ParseFailure.At(keyStart, "expected a tag key after ','");
            return false;
        }

        if (keyEnd == text.Length || text[keyEnd] != (byte)'=')
        {
            failure = ParseFailure.ExpectedEqualsAfterTagKey(keyEnd, key);
            return false;
        }

        if (IsReservedTagKey(key))
        {
            failure = ParseFailure.ReservedTagKey(keyStart, key);
            return false;
        }

        int valueStart = keyEnd + 1;
        int valueEnd = ScanName(text, valueStart, KeyStops);
        if (valueEnd == valueStart)
        {
            failure = ParseFailure.ExpectedTagValue(valueStart, key);
            return false;
        }

        if (valueEnd < text.Length && text[valueEnd] == (byte)'=')
        {
            failure = ParseFailure.UnescapedEqualsInTagValue(valueEnd, key);
            return false;
        }

        for (int i = 0; i < scratch.TagCount; i++)
        {
            ref TagRange other = ref scratch.Tags[i];
            if (other.KeyLength == key.Length && text.Slice(other.KeyStart, other.KeyLength).SequenceEqual(key))
            {
                failure = ParseFailure.DuplicateTagKey(keyStart, key);
                return false;
            }
        }

        ref TagRange tag = ref scratch.AddTag();
        tag.KeyStart = keyStart;
        tag.KeyLength = key.Length;
        tag.ValueStart = valueStart;
        tag.ValueLength = valueEnd - valueStart;
        pos = valueEnd;
        return true;
    }

    private static bool TryParseField(ReadOnlySpan<byte> text, int keyStart, LineScratch scratch, out int pos, out ParseFailure failure)
    {
        failure = default;
        int keyEnd = ScanName(text, keyStart, KeyStops);
        pos = keyEnd;
        ReadOnlySpan<byte> key = text[keyStart..keyEnd];
        if (key.IsEmpty)
        {
            failure = ParseFailure.At(keyStart, "expected a field key");
            return false;
        }

        if (keyEnd == text.Length || text[keyEnd] != (byte)'=')
        {
            failure = ParseFailure.ExpectedEqualsAfterFieldKey(keyEnd, key);
            return false;
        }

        int valueStart = keyEnd + 1;
        FieldEntry field = default;
        field.KeyStart = keyStart;
        field.KeyLength = key.Length;
        if (!TryParseValue(text, valueStart, key, ref field, out pos, out failure))
        {
            return false;
        }

        // InfluxDB drops a field named "time" (it would clash with the time column).
        if (key.SequenceEqual("time"u8))
        {
            return true;
        }

        for (int i = 0; i < scratch.FieldCount; i++)
        {
            ref FieldEntry other = ref scratch.Fields[i];
            if (other.KeyLength == key.Length && text.Slice(other.KeyStart, other.KeyLength).SequenceEqual(key))
            {
                if (other.Type != field.Type)
                {
                    failure = ParseFailure.ConflictingFieldTypes(keyStart, key, other.Type, field.Type);
                    return false;
                }

                // The last value wins, in the position of the first.
                field.KeyStart = other.KeyStart;
                other = field;
                return true;
            }
        }

        scratch.AddField() = field;
        return true;
    }

    private static bool TryParseValue(ReadOnlySpan<byte> text, int start, ReadOnlySpan<byte> key, ref FieldEntry field, out int pos, out ParseFailure failure)
    {
        failure = default;
        pos = start;
        if (start == text.Length || text[start] is (byte)',' or (byte)' ')
        {
            failure = ParseFailure.ExpectedFieldValue(start, key);
            return false;
        }

        if (text[start] == (byte)'"')
        {
            int close = FindClosingQuote(text, start + 1);
            if (close < 0)
            {
                failure = ParseFailure.UnterminatedString(start, key);
                return false;
            }

            field.Type = FieldType.String;
            field.StringStart = start + 1;
            field.StringLength = close - start - 1;
            pos = close + 1;
            if (pos < text.Length && text[pos] is not ((byte)',' or (byte)' '))
            {
                failure = ParseFailure.ExpectedSeparatorAfterString(pos, key);
                return false;
            }

            return true;
        }

        int tokenLength = text[start..].IndexOfAny((byte)',', (byte)' ');
        pos = tokenLength < 0 ? text.Length : start + tokenLength;
        ReadOnlySpan<byte> token = text[start..pos];
        return TryParseScalar(token, start, key, ref field, out failure);
    }

    private static bool TryParseScalar(ReadOnlySpan<byte> token, int offset, ReadOnlySpan<byte> key, ref FieldEntry field, out ParseFailure failure)
    {
        failure = default;
        byte first = token[0];
        if (first is (byte)'t' or (byte)'T' or (byte)'f' or (byte)'F')
        {
            if (!TryParseBoolean(token, out bool boolean))
            {
                failure = ParseFailure.UnknownValue(offset, key, token);
                return false;
            }

            field.Type = FieldType.Boolean;
            field.Bits = boolean ? 1UL : 0UL;
            return true;
        }

        if (!(first is (byte)'-' or (byte)'.' || (uint)(first - '0') <= 9))
        {
            failure = ParseFailure.UnknownValue(offset, key, token);
            return false;
        }

        NumberStatus status;
        switch (token[^1])
        {
            case (byte)'i':
                status = LineProtocolNumbers.ParseInt64(token[..^1], out long integer);
                field.Type = FieldType.Integer;
                field.Bits = unchecked((ulong)integer);
                if (status != NumberStatus.Ok)
                {
                    failure = ParseFailure.BadValue(offset, key, token, status, "integer");
                }

                break;
            case (byte)'u':
                status = LineProtocolNumbers.ParseUInt64(token[..^1], out ulong unsigned);
                field.Type = FieldType.Unsigned;
                field.Bits = unsigned;
                if (status != NumberStatus.Ok)
                {
                    failure = ParseFailure.BadValue(offset, key, token, status, "unsigned integer");
                }

                break;
            default:
                status = LineProtocolNumbers.ParseFloat(token, out double number);
                field.Type = FieldType.Float;
                field.Bits = BitConverter.DoubleToUInt64Bits(number);
                if (status != NumberStatus.Ok)
                {
                    failure = ParseFailure.BadValue(offset, key, token, status, "float");
                }

                break;
        }

        return status == NumberStatus.Ok;
    }

    private static bool TryParseTimestamp(ReadOnlySpan<byte> text, int pos, LineScratch scratch, TimestampPrecision precision, out ParseFailure failure)
    {
        failure = default;
        pos = SkipSpaces(text, pos);
        if (pos == text.Length)
        {
            return true;
        }

        int tokenLength = text[pos..].IndexOf((byte)' ');
        int end = tokenLength < 0 ? text.Length : pos + tokenLength;
        ReadOnlySpan<byte> token = text[pos..end];
        NumberStatus status = LineProtocolNumbers.ParseInt64(token, out long timestamp);
        if (status != NumberStatus.Ok)
        {
            failure = ParseFailure.BadTimestamp(pos, token, status);
            return false;
        }

        if (!LineProtocolNumbers.TryScaleToNanoseconds(timestamp, precision, out scratch.TimestampNs))
        {
            failure = ParseFailure.TimestampOverflow(pos, timestamp, precision);
            return false;
        }

        int after = SkipSpaces(text, end);
        if (after != text.Length)
        {
            failure = ParseFailure.At(after, "expected the end of the line after the timestamp");
            return false;
        }

        scratch.HasTimestamp = true;
        return true;
    }

    /// <summary>Offset of the first unescaped stop byte at or after <paramref name="pos"/>, or the text length.</summary>
    private static int ScanName(ReadOnlySpan<byte> text, int pos, SearchValues<byte> stops)
    {
        while (pos < text.Length)
        {
            int hit = text[pos..].IndexOfAny(stops);
            if (hit < 0)
            {
                return text.Length;
            }

            pos += hit;
            if (text[pos] != (byte)'\\')
            {
                return pos;
            }

            // A backslash pairs with the next byte, whatever it is (see LineProtocolEscaping).
            pos += 2;
        }

        return text.Length;
    }

    /// <summary>Offset of the quote closing a string that starts at <paramref name="pos"/>, or -1.</summary>
    internal static int FindClosingQuote(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length)
        {
            int hit = text[pos..].IndexOfAny(StringStops);
            if (hit < 0)
            {
                return -1;
            }

            pos += hit;
            if (text[pos] == (byte)'"')
            {
                return pos;
            }

            pos += 2;
        }

        return -1;
    }

    internal static int SkipSpaces(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && text[pos] == (byte)' ')
        {
            pos++;
        }

        return pos;
    }

    private static bool IsReservedTagKey(ReadOnlySpan<byte> key) =>
        key.SequenceEqual("time"u8) || key.SequenceEqual("_measurement"u8) || key.SequenceEqual("_field"u8);

    private static bool TryParseBoolean(ReadOnlySpan<byte> token, out bool value)
    {
        value = token[0] is (byte)'t' or (byte)'T';
        return token.Length == 1
            || token.SequenceEqual("true"u8) || token.SequenceEqual("True"u8) || token.SequenceEqual("TRUE"u8)
            || token.SequenceEqual("false"u8) || token.SequenceEqual("False"u8) || token.SequenceEqual("FALSE"u8);
    }
}
