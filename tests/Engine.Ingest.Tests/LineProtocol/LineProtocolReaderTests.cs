using System.Globalization;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;
using static Engine.Ingest.Tests.LineProtocol.ParseHelpers;

namespace Engine.Ingest.Tests.LineProtocol;

public class LineProtocolReaderTests
{
    [Fact]
    public void Parses_a_full_line_with_every_field_type()
    {
        Point point = Single("cpu,host=a,region=eu i=-3i,u=7u,f=1.5,b=true,s=\"hi\" 1700000000000000000");

        Assert.Equal("cpu", point.Measurement);
        Assert.Equal([new("host", "a"), new("region", "eu")], point.Tags);
        Assert.Equal(
            [
                new("i", FieldValue.Integer(-3)), new("u", FieldValue.Unsigned(7)), new("f", FieldValue.Float(1.5)),
                new("b", FieldValue.Boolean(true)), new("s", FieldValue.String("hi")),
            ],
            point.Fields);
        Assert.Equal(1700000000000000000, point.TimestampNs);
    }

    [Fact]
    public void Exposes_raw_parts_in_input_order_and_unescapes_them_into_a_buffer()
    {
        var handler = new RawHandler();
        var reader = new LineProtocolReader(FixedTime);
        reader.Parse("m\\ 1,z=1,a\\=b=c\\,d s=\"x\\\"y\",n=2i"u8, isFinalBlock: true, ref handler);

        Assert.Equal(["m\\ 1", "z", "a\\=b", "c\\,d", "s", "x\\\"y", "m 1", "a=b", "c,d", "x\"y", "Integer:2", "42:False"], handler.Seen);
    }

    private struct RawHandler : ILineHandler
    {
        public List<string> Seen { get; private set; }

        public void OnLine(in ParsedLine line)
        {
            Seen = [];
            Span<byte> buffer = stackalloc byte[64];
            Seen.Add(Encoding.UTF8.GetString(line.MeasurementRaw));
            Seen.Add(Encoding.UTF8.GetString(line.TagKeyRaw(0)));
            Seen.Add(Encoding.UTF8.GetString(line.TagKeyRaw(1)));
            Seen.Add(Encoding.UTF8.GetString(line.TagValueRaw(1)));
            Seen.Add(Encoding.UTF8.GetString(line.FieldKeyRaw(0)));
            Seen.Add(Encoding.UTF8.GetString(line.FieldStringRaw(0)));
            Seen.Add(Encoding.UTF8.GetString(buffer[..line.UnescapeMeasurement(buffer)]));
            Seen.Add(Encoding.UTF8.GetString(buffer[..line.UnescapeTagKey(1, buffer)]));
            Seen.Add(Encoding.UTF8.GetString(buffer[..line.UnescapeTagValue(1, buffer)]));
            Seen.Add(Encoding.UTF8.GetString(buffer[..line.UnescapeFieldString(0, buffer)]));
            Seen.Add($"{line.FieldType(1)}:{line.FieldBits(1)}");
            Seen.Add($"{line.TimestampNs}:{line.HasTimestamp}");
        }

        public void OnError(in LineProtocolError error) => throw new InvalidOperationException(error.ToString());
    }

    [Theory]
    [InlineData("my\\,m\\ x,t\\ k\\=\\,=v\\ a\\=\\,l f\\ k\\=\\,=1", "my,m x", "t k=,", "v a=,l", "f k=,")]
    [InlineData("a\\=b,t=a\\b f\\x=1", "a\\=b", "t", "a\\b", "f\\x")] // '=' is not escapable in a measurement; \b and \x are literal
    [InlineData("m\\\\,t=v\\\\ f=1", "m\\\\", "t", "v\\\\", "f")] // a backslash pairs with the next one: \\ is kept and does not escape
    [InlineData("\"m\",\"t\"=\"v\" \"f\"=1", "\"m\"", "\"t\"", "\"v\"", "\"f\"")] // quotes are literal in names
    [InlineData("温度,地点=東京 値=1", "温度", "地点", "東京", "値")]
    [InlineData("m,t=v\\ f\\=1 f=1", "m", "t", "v f=1", "f")]
    public void Unescapes_names_per_position(string line, string measurement, string tagKey, string tagValue, string fieldKey)
    {
        Point point = Single(line);

        Assert.Equal(measurement, point.Measurement);
        Assert.Equal(new KeyValuePair<string, string>(tagKey, tagValue), Assert.Single(point.Tags));
        Assert.Equal(fieldKey, Assert.Single(point.Fields).Key);
    }

    [Theory]
    [InlineData("m s=\"a\\\"b\"", "a\"b")]
    [InlineData("m s=\"a\\\\b\"", "a\\b")]
    [InlineData("m s=\"a\\nb\\,c\"", "a\\nb\\,c")] // only \" and \\ are escapes in strings
    [InlineData("m s=\"\"", "")]
    [InlineData("m s=\"a b,c=d\"", "a b,c=d")]
    [InlineData("m s=\"line1\nline2\"", "line1\nline2")]
    [InlineData("m s=\"crlf\r\ninside\"", "crlf\r\ninside")]
    [InlineData("m s=\"trailing\\\\\"", "trailing\\")]
    public void Parses_string_fields(string line, string expected)
    {
        Assert.Equal(FieldValue.String(expected), Assert.Single(Single(line).Fields).Value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("-0")]
    [InlineData("0.0")]
    [InlineData("1e10")]
    [InlineData("1E+10")]
    [InlineData("1e-5")]
    [InlineData("1.5E-3")]
    [InlineData("0.1")]
    [InlineData("0.30000000000000004")]
    [InlineData("9007199254740993")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("2.2250738585072011e-308")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("4.9e-324")]
    [InlineData("1e-400")]
    [InlineData("0e999999")]
    [InlineData("00012.50")]
    public void Parses_floats_exactly_like_double_Parse(string text)
    {
        double expected = double.Parse(text, CultureInfo.InvariantCulture);

        FieldValue value = Assert.Single(Single("m f=" + text).Fields).Value;

        Assert.Equal(FieldType.Float, value.Type);
        Assert.Equal(BitConverter.DoubleToUInt64Bits(expected), value.Bits);
    }

    [Theory]
    [InlineData("-9223372036854775808i", FieldType.Integer, 0x8000000000000000UL)]
    [InlineData("9223372036854775807i", FieldType.Integer, 0x7FFFFFFFFFFFFFFFUL)]
    [InlineData("-0i", FieldType.Integer, 0UL)]
    [InlineData("-1i", FieldType.Integer, ulong.MaxValue)]
    [InlineData("18446744073709551615u", FieldType.Unsigned, ulong.MaxValue)]
    [InlineData("0u", FieldType.Unsigned, 0UL)]
    [InlineData("t", FieldType.Boolean, 1UL)]
    [InlineData("T", FieldType.Boolean, 1UL)]
    [InlineData("true", FieldType.Boolean, 1UL)]
    [InlineData("True", FieldType.Boolean, 1UL)]
    [InlineData("TRUE", FieldType.Boolean, 1UL)]
    [InlineData("f", FieldType.Boolean, 0UL)]
    [InlineData("F", FieldType.Boolean, 0UL)]
    [InlineData("false", FieldType.Boolean, 0UL)]
    [InlineData("False", FieldType.Boolean, 0UL)]
    [InlineData("FALSE", FieldType.Boolean, 0UL)]
    public void Parses_integers_unsigned_and_booleans(string text, FieldType type, ulong bits)
    {
        FieldValue value = Assert.Single(Single("m f=" + text).Fields).Value;

        Assert.Equal(FieldValue.FromBits(type, bits), value);
    }

    [Theory]
    [InlineData("m f=1 5", TimestampPrecision.Nanoseconds, 5L)]
    [InlineData("m f=1 5", TimestampPrecision.Microseconds, 5_000L)]
    [InlineData("m f=1 5", TimestampPrecision.Milliseconds, 5_000_000L)]
    [InlineData("m f=1 5", TimestampPrecision.Seconds, 5_000_000_000L)]
    [InlineData("m f=1 -5", TimestampPrecision.Seconds, -5_000_000_000L)]
    [InlineData("m f=1 9223372036", TimestampPrecision.Seconds, 9_223_372_036_000_000_000L)]
    [InlineData("m f=1 -9223372036854775808", TimestampPrecision.Nanoseconds, long.MinValue)]
    [InlineData("m f=1   7   ", TimestampPrecision.Nanoseconds, 7L)]
    public void Scales_timestamps_by_precision(string line, TimestampPrecision precision, long expectedNs)
    {
        Assert.Equal(expectedNs, Single(line, FixedTime with { Precision = precision }).TimestampNs);
    }

    [Fact]
    public void Uses_the_default_timestamp_when_absent_reading_the_clock_once_per_call()
    {
        var clock = new SteppingClock();
        var handler = new RecordingHandler();
        new LineProtocolReader(new LineProtocolOptions { TimeProvider = clock }).Parse("m f=1\nm f=2 9\nm f=3"u8, true, ref handler);

        Assert.Equal([1_000_000_000L, 9L, 1_000_000_000L], handler.Points.Select(p => p.TimestampNs));
        Assert.Equal(1, clock.Reads);
        Assert.Contains("has-ts=False", handler.Events[0], StringComparison.Ordinal);
        Assert.Contains("has-ts=True", handler.Events[1], StringComparison.Ordinal);
    }

    private sealed class SteppingClock : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UnixEpoch.AddSeconds(++Reads);
    }

    [Fact]
    public void A_duplicate_field_of_the_same_type_keeps_the_last_value()
    {
        Point point = Single("m f=1,g=2,f=3");

        Assert.Equal([new("f", FieldValue.Float(3)), new("g", FieldValue.Float(2))], point.Fields);
    }

    [Fact]
    public void A_field_named_time_is_dropped()
    {
        Point point = Single("m f=1,time=5i,g=\"x\"");

        Assert.Equal(["f", "g"], point.Fields.Select(f => f.Key));
    }

    [Fact]
    public void Skips_comments_blank_lines_and_leading_whitespace_and_accepts_crlf()
    {
        RecordingHandler result = ParseAll("# comment \"with quote\n\n   m f=1\r\n\t# indented comment\r\n  \r\nm f=2\n\r\n");

        Assert.Empty(result.Errors);
        Assert.Equal([3L, 6L], result.LineNumbers);
    }

    [Fact]
    public void A_carriage_return_not_before_a_newline_belongs_to_the_line()
    {
        LineProtocolError error = SingleError("m f=1\r");

        Assert.Equal(new LineProtocolError(1, 5, "invalid float value \"1\r\" for field \"f\""), error);
    }

    [Fact]
    public void Counts_physical_lines_across_newlines_inside_strings()
    {
        RecordingHandler result = ParseAll("m s=\"a\nb\" 1\nm f=2\nm s=\"x\ny\",f=bad\n");

        Assert.Equal([1L, 3L], result.LineNumbers);
        Assert.Equal(new LineProtocolError(5, 6, "invalid value \"bad\" for field \"f\": expected a float, an integer (1i), " +
            "an unsigned integer (1u), a boolean (t, true, f, false) or a quoted string"), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("a f=1\nb f=2\ncpu,host=a usage 5", 3, 17, "expected '=' after field key \"usage\"")]
    [InlineData(",t=1 f=1", 1, 1, "expected a measurement name")]
    [InlineData("  ,t=1 f=1", 1, 3, "expected a measurement name")]
    [InlineData("m,=1 f=1", 1, 3, "expected a tag key after ','")]
    [InlineData("m,t f=1", 1, 4, "expected '=' after tag key \"t\"")]
    [InlineData("m,t", 1, 4, "expected '=' after tag key \"t\"")]
    [InlineData("m,t= f=1", 1, 5, "expected a tag value after \"t\"=")]
    [InlineData("m,t=a=b f=1", 1, 6, "expected ',' or ' ' after the value of tag \"t\" (escape '=' as '\\=')")]
    [InlineData("m,t=1,t=2 f=1", 1, 7, "duplicate tag key \"t\"")]
    [InlineData("m,time=1 f=1", 1, 3, "tag key \"time\" is reserved")]
    [InlineData("m,_measurement=1 f=1", 1, 3, "tag key \"_measurement\" is reserved")]
    [InlineData("m,_field=1 f=1", 1, 3, "tag key \"_field\" is reserved")]
    [InlineData("m", 1, 2, "expected ' ' and a field set after the measurement and tags")]
    [InlineData("m,t=1", 1, 6, "expected ' ' and a field set after the measurement and tags")]
    [InlineData("m ", 1, 3, "expected a field key")]
    [InlineData("m f", 1, 4, "expected '=' after field key \"f\"")]
    [InlineData("m f=", 1, 5, "expected a value for field \"f\"")]
    [InlineData("m f=,g=1", 1, 5, "expected a value for field \"f\"")]
    [InlineData("m f=1,", 1, 7, "expected a field key")]
    [InlineData("m f=\"abc", 1, 5, "expected a closing '\"' for string field \"f\"")]
    [InlineData("m f=\"a\"x", 1, 8, "expected ',' or ' ' after the string value of field \"f\"")]
    [InlineData("m f=1.2.3", 1, 5, "invalid float value \"1.2.3\" for field \"f\"")]
    [InlineData("m f=1e400", 1, 5, "float value \"1e400\" of field \"f\" is out of range")]
    [InlineData("m f=-1e400", 1, 5, "float value \"-1e400\" of field \"f\" is out of range")]
    [InlineData("m f=1.5e", 1, 5, "invalid float value \"1.5e\" for field \"f\"")]
    [InlineData("m f=.", 1, 5, "invalid float value \".\" for field \"f\"")]
    [InlineData("m f=-", 1, 5, "invalid float value \"-\" for field \"f\"")]
    [InlineData("m f=-Inf", 1, 5, "invalid float value \"-Inf\" for field \"f\"")]
    [InlineData("m f=0x10", 1, 5, "invalid float value \"0x10\" for field \"f\"")]
    [InlineData("m f=1_000", 1, 5, "invalid float value \"1_000\" for field \"f\"")]
    [InlineData("m f=9223372036854775808i", 1, 5, "integer value \"9223372036854775808i\" of field \"f\" is out of range")]
    [InlineData("m f=-9223372036854775809i", 1, 5, "integer value \"-9223372036854775809i\" of field \"f\" is out of range")]
    [InlineData("m f=1.5i", 1, 5, "invalid integer value \"1.5i\" for field \"f\"")]
    [InlineData("m f=-1u", 1, 5, "invalid unsigned integer value \"-1u\" for field \"f\"")]
    [InlineData("m f=18446744073709551616u", 1, 5, "unsigned integer value \"18446744073709551616u\" of field \"f\" is out of range")]
    [InlineData("m f=1,f=1i", 1, 7, "field \"f\" appears twice with different types (Float and Integer)")]
    [InlineData("m time=1", 1, 3, "expected at least one field other than \"time\"")]
    [InlineData("m f=1 1.5", 1, 7, "expected an integer timestamp, found \"1.5\"")]
    [InlineData("m f=1 1e9", 1, 7, "expected an integer timestamp, found \"1e9\"")]
    [InlineData("m f=1 1 2", 1, 9, "expected the end of the line after the timestamp")]
    [InlineData("m f=1 9223372036854775808", 1, 7, "timestamp \"9223372036854775808\" is out of range")]
    [InlineData("m,t=a\\ f=1", 1, 9, "expected ',' or ' ' after the value of tag \"t\" (escape '=' as '\\=')")]
    public void Reports_bad_lines_with_line_column_and_expectation(string text, long line, int column, string message)
    {
        RecordingHandler result = ParseAll(text);

        Assert.Equal(new LineProtocolError(line, column, message), Assert.Single(result.Errors));
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("nan")]
    [InlineData("Inf")]
    [InlineData("+1")]
    [InlineData("+Inf")]
    [InlineData("tRUE")]
    [InlineData("tr")]
    [InlineData("yes")]
    [InlineData("True1")]
    [InlineData("i")]
    [InlineData("u")]
    public void Rejects_values_outside_the_grammar(string value)
    {
        LineProtocolError error = SingleError("m f=" + value);

        Assert.Equal(5, error.Column);
        Assert.StartsWith($"invalid value \"{value}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_timestamp_that_overflows_after_scaling()
    {
        LineProtocolError error = SingleError("m f=1 9223372037", FixedTime with { Precision = TimestampPrecision.Seconds });

        Assert.Equal(new LineProtocolError(1, 7, "timestamp 9223372037 in Seconds overflows nanoseconds"), error);
    }

    [Fact]
    public void Keeps_the_good_lines_around_a_bad_one()
    {
        RecordingHandler result = ParseAll("m f=1\nm f=oops\nm f=3\n");

        Assert.Equal([1L, 3L], result.LineNumbers);
        Assert.Equal(2, Assert.Single(result.Errors).LineNumber);
    }

    [Theory]
    [InlineData("m f=123456", 0, 0, 0)] // exactly the limit
    [InlineData("m f=123456\r\n", 0, 0, 0)] // the line ending does not count
    [InlineData("m f=1234567", 1, 2, 11)]
    [InlineData("m f=1234567\n", 1, 2, 11)]
    [InlineData("m s=\"a\nb\" 12345", 1, 3, 4)] // the limit falls on the second physical line
    public void Enforces_the_maximum_line_length(string line, int errors, long errorLine, int errorColumn)
    {
        var options = FixedTime with { MaxLineBytes = 10 };

        RecordingHandler result = ParseAll("a f=1\n" + line + "\nb f=2", options);

        Assert.Equal(errors, result.Errors.Count);
        Assert.Equal(2 + (1 - errors), result.Points.Count);
        Assert.Equal("b", result.Points[^1].Measurement);
        if (errors == 1)
        {
            Assert.Equal(new LineProtocolError(errorLine, errorColumn, "line is longer than the maximum of 10 bytes"), result.Errors[0]);
        }
    }

    [Fact]
    public void Skips_an_over_long_line_that_arrives_in_small_blocks()
    {
        var options = FixedTime with { MaxLineBytes = 8 };
        var handler = new RecordingHandler();
        var reader = new LineProtocolReader(options);
        byte[] input = "a f=1\nm f=1234567890123456789\nb f=2\n"u8.ToArray();
        int pending = 0;
        for (int i = 0; i < input.Length; i += 3)
        {
            int end = Math.Min(i + 3, input.Length);
            pending += reader.Parse(input.AsSpan(pending, end - pending), isFinalBlock: end == input.Length, ref handler);
        }

        Assert.Equal(input.Length, pending);
        Assert.Equal(["a", "b"], handler.Points.Select(p => p.Measurement));
        Assert.Equal([1L, 3L], handler.LineNumbers);
        Assert.Equal(new LineProtocolError(2, 9, "line is longer than the maximum of 8 bytes"), Assert.Single(handler.Errors));
    }

    [Theory]
    [InlineData("m f=1\nm f=2", 6)] // the last line has no newline yet
    [InlineData("m f=1\nm f=2\r", 6)] // the '\r' may be the start of "\r\n"
    [InlineData("m s=\"a\nb", 0)] // the newline is inside an open string
    [InlineData("m s=\"a\\\"\nb\" 1", 0)] // an escaped quote does not close the string
    [InlineData("m f=1\n", 6)]
    [InlineData("# comment", 0)]
    public void Leaves_an_incomplete_last_line_unconsumed(string text, int expectedConsumed)
    {
        var handler = new RecordingHandler();
        int consumed = new LineProtocolReader(FixedTime).Parse(Encoding.UTF8.GetBytes(text), isFinalBlock: false, ref handler);

        Assert.Equal(expectedConsumed, consumed);
        Assert.Empty(handler.Errors);
    }

    [Fact]
    public void Continues_line_numbers_across_calls_until_reset()
    {
        var handler = new RecordingHandler();
        var reader = new LineProtocolReader(FixedTime);
        reader.Parse("m f=1\n\n"u8, isFinalBlock: false, ref handler);
        reader.Parse("m f=2\n"u8, isFinalBlock: false, ref handler);
        reader.Reset();
        reader.Parse("m f=3\n"u8, isFinalBlock: false, ref handler);

        Assert.Equal([1L, 3L, 1L], handler.LineNumbers);
    }

    [Fact]
    public void Parses_a_multi_segment_sequence_with_lines_spanning_segments()
    {
        byte[][] segments = ["m f=1\nm s=\"a"u8.ToArray(), "\n"u8.ToArray(), "b\" 5\nm,"u8.ToArray(), "t=x f=3"u8.ToArray()];

        RecordingHandler result = ParseSegments(segments, FixedTime);

        Assert.Empty(result.Errors);
        Assert.Equal(
            ["1: m [f Float 3ff0000000000000 ] @42 has-ts=False", "2: m [s String 0 a\\nb] @5 has-ts=True", "4: m|t=x [f Float 4008000000000000 ] @42 has-ts=False"],
            result.Events);
    }
}
