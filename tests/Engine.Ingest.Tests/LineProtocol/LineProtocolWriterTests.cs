using System.Buffers;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;
using static Engine.Ingest.Tests.LineProtocol.ParseHelpers;

namespace Engine.Ingest.Tests.LineProtocol;

public class LineProtocolWriterTests
{
    private static Point MakePoint(string measurement, (string Key, string Value)[] tags, (string Key, FieldValue Value)[] fields, long timestampNs = 123) =>
        new(measurement, tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)),
            fields.Select(f => new KeyValuePair<string, FieldValue>(f.Key, f.Value)), timestampNs);

    [Fact]
    public void Formats_every_type_with_escaping()
    {
        Point point = MakePoint("m y,x=", [("t k", "v=,1")],
        [
            ("f", FieldValue.Float(1.5)), ("i", FieldValue.Integer(long.MinValue)), ("u", FieldValue.Unsigned(ulong.MaxValue)),
            ("b", FieldValue.Boolean(false)), ("s", FieldValue.String("a\"b\\c\nd")), ("z", FieldValue.Float(-0.0)), ("e", FieldValue.Float(1e300)),
        ]);

        Assert.Equal(
            "m\\ y\\,x=,t\\ k=v\\=\\,1 f=1.5,i=-9223372036854775808i,u=18446744073709551615u,b=false,s=\"a\\\"b\\\\c\nd\",z=-0,e=1E+300 123\n",
            LineProtocolWriter.Format(point));
    }

    [Fact]
    public void Writes_raw_parts_without_a_point()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(buffer);
        writer.BeginLine("cpu"u8);
        writer.WriteTag("host"u8, "a b"u8);
        writer.WriteField("x"u8, 2.5);
        writer.WriteField("n"u8, 3L);
        writer.WriteField("u"u8, 4UL);
        writer.WriteField("ok"u8, true);
        writer.WriteStringField("s"u8, "q\""u8);
        writer.EndLine(-7);

        Assert.Equal("cpu,host=a\\ b x=2.5,n=3i,u=4u,ok=true,s=\"q\\\"\" -7\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Throws<InvalidOperationException>(() => writer.WriteTag("late"u8, "x"u8));
    }

    [Fact]
    public void Appends_to_a_string_builder()
    {
        var builder = new StringBuilder("# header\n");
        LineProtocolWriter.Write(builder, MakePoint("m", [], [("f", FieldValue.Integer(1))], 5));

        Assert.Equal("# header\nm f=1i 5\n", builder.ToString());
    }

    [Theory]
    [InlineData("a\\", LineProtocolNamePosition.TagValue)] // would escape the separator after it
    [InlineData("a\\,b", LineProtocolNamePosition.TagValue)]
    [InlineData("a\\=b", LineProtocolNamePosition.TagKey)]
    [InlineData("a\\ b", LineProtocolNamePosition.FieldKey)]
    [InlineData("a\\\\\\ b", LineProtocolNamePosition.Measurement)] // an odd run of three
    [InlineData("m\\", LineProtocolNamePosition.Measurement)]
    [InlineData("a\nb", LineProtocolNamePosition.TagValue)]
    [InlineData("", LineProtocolNamePosition.TagValue)]
    [InlineData("#m", LineProtocolNamePosition.Measurement)]
    [InlineData("\tm", LineProtocolNamePosition.Measurement)]
    [InlineData("time", LineProtocolNamePosition.TagKey)]
    [InlineData("_measurement", LineProtocolNamePosition.TagKey)]
    [InlineData("_field", LineProtocolNamePosition.TagKey)]
    [InlineData("time", LineProtocolNamePosition.FieldKey)]
    public void Rejects_names_that_cannot_be_read_back(string name, LineProtocolNamePosition position)
    {
        Assert.False(LineProtocolWriter.CanWrite(name, position));
    }

    [Fact]
    public void Rejects_a_lone_surrogate()
    {
        Assert.False(LineProtocolWriter.CanWrite("a\ud800", LineProtocolNamePosition.TagValue));
        Assert.Throws<ArgumentException>(() => LineProtocolWriter.Format(MakePoint("m", [], [("f", FieldValue.String("\udc00"))])));
    }

    [Theory]
    [InlineData("a\\\\", LineProtocolNamePosition.TagValue)] // an even run pairs with itself
    [InlineData("a\\\\,b", LineProtocolNamePosition.TagValue)]
    [InlineData("a\\b", LineProtocolNamePosition.TagKey)]
    [InlineData("a\\=b", LineProtocolNamePosition.Measurement)] // '=' needs no escape in a measurement
    [InlineData("m#", LineProtocolNamePosition.Measurement)]
    [InlineData(" m", LineProtocolNamePosition.Measurement)] // written as "\ m", not leading whitespace
    [InlineData("time", LineProtocolNamePosition.TagValue)]
    [InlineData("x\ty", LineProtocolNamePosition.TagValue)]
    public void Accepts_tricky_names_that_round_trip(string name, LineProtocolNamePosition position)
    {
        Assert.True(LineProtocolWriter.CanWrite(name, position));
        string measurement = position == LineProtocolNamePosition.Measurement ? name : "m";
        string key = position == LineProtocolNamePosition.TagKey ? name : "k";
        string value = position == LineProtocolNamePosition.TagValue ? name : "v";
        string field = position == LineProtocolNamePosition.FieldKey ? name : "f";
        Point point = MakePoint(measurement, [(key, value)], [(field, FieldValue.Integer(1))]);

        Assert.Equal(point, Single(LineProtocolWriter.Format(point)));
    }

    [Fact]
    public void The_trailing_backslash_ambiguity_is_real()
    {
        // Written naively, tag value "a\" would swallow the separator after it.
        RecordingHandler result = ParseAll("m,t=a\\ f=1");

        Assert.Empty(result.Points);
        Assert.Throws<ArgumentException>(() => LineProtocolWriter.Format(MakePoint("m", [("t", "a\\")], [("f", FieldValue.Float(1))])));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Rejects_non_finite_floats_before_writing_anything(double value)
    {
        var buffer = new ArrayBufferWriter<byte>();

        Assert.Throws<ArgumentException>(() => new LineProtocolWriter(buffer).WritePoint(MakePoint("m", [], [("f", FieldValue.Float(value))])));
        Assert.Equal(0, buffer.WrittenCount);
    }
}
