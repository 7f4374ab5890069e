using System.Globalization;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Engine.Ingest.Tests.LineProtocol.ParseHelpers;

namespace Engine.Ingest.Tests.LineProtocol;

[Properties(Arbitrary = [typeof(LineProtocolGenerators)])]
public class LineProtocolProperties
{
    [Property(MaxTest = 500)]
    public void Parsing_a_formatted_point_gives_it_back(Point point)
    {
        string text = LineProtocolWriter.Format(point);

        RecordingHandler result = ParseAll(text);

        Assert.Empty(result.Errors);
        Assert.Equal(RecordingHandler.Describe(point), RecordingHandler.Describe(Assert.Single(result.Points)));
        Assert.Equal(point, result.Points[0]);
    }

    [Property(MaxTest = 500)]
    public void Arbitrary_bytes_never_throw(byte[] bytes, bool split)
    {
        var options = FixedTime with { MaxLineBytes = 16 };
        RecordingHandler result = split ? ParseSplit(bytes, bytes.Length / 2, options) : ParseAll(bytes, options);

        Assert.All(result.Errors, e => Assert.True(e.LineNumber >= 1 && e.Column >= 1));
    }

    [Property(MaxTest = 300)]
    public void Protocol_like_bytes_never_throw(LineProtocolInput input, int seed)
    {
        // Shuffle a real body's bytes around to hit odd states of the framer and parser.
        byte[] bytes = (byte[])input.Bytes.Clone();
        new Random(seed).Shuffle(bytes.AsSpan(0, bytes.Length / 2));

        ParseAll(bytes, FixedTime with { MaxLineBytes = input.MaxLineBytes });
    }

    [Property(MaxTest = 100)]
    public void Splitting_the_input_at_any_byte_changes_nothing(LineProtocolInput input)
    {
        var options = FixedTime with { MaxLineBytes = input.MaxLineBytes };
        List<string> whole = ParseAll(input.Bytes, options).Events;

        for (int split = 0; split <= input.Bytes.Length; split++)
        {
            Assert.Equal(whole, ParseSplit(input.Bytes, split, options).Events);
        }
    }

    [Property(MaxTest = 200)]
    public void A_multi_segment_sequence_parses_like_one_span(LineProtocolInput input, int seed)
    {
        var options = FixedTime with { MaxLineBytes = input.MaxLineBytes };
        var random = new Random(seed);
        var segments = new List<byte[]>();
        for (int start = 0; start < input.Bytes.Length;)
        {
            int length = Math.Min(random.Next(0, 12), input.Bytes.Length - start);
            segments.Add(input.Bytes[start..(start + length)]);
            start += length;
        }

        segments.Add([]);

        Assert.Equal(ParseAll(input.Bytes, options).Events, ParseSegments(segments, options).Events);
    }

    [Property(MaxTest = 300)]
    public void A_bad_line_between_good_lines_loses_none_of_them(SandwichInput input)
    {
        var text = new StringBuilder();
        foreach (Point point in input.Before)
        {
            LineProtocolWriter.Write(text, point);
        }

        text.Append(input.BadLine).Append('\n');
        foreach (Point point in input.After)
        {
            LineProtocolWriter.Write(text, point);
        }

        RecordingHandler result = ParseAll(text.ToString());

        Assert.Equal([.. input.Before, .. input.After], result.Points);
        Assert.Equal(CountLines(input.Before) + 1, Assert.Single(result.Errors).LineNumber);
    }

    private static long CountLines(Point[] points) => points.Sum(p => LineProtocolWriter.Format(p).Count(c => c == '\n'));

    [Property(MaxTest = 2000)]
    public Property Floats_parse_exactly_like_double_Parse() =>
        Prop.ForAll(LineProtocolGenerators.DecimalText().ToArbitrary(), text =>
        {
            double expected = double.Parse(text, CultureInfo.InvariantCulture);
            RecordingHandler result = ParseAll("m f=" + text);
            if (!double.IsFinite(expected))
            {
                return Assert.Single(result.Errors).Message.EndsWith("is out of range", StringComparison.Ordinal);
            }

            return Assert.Single(result.Points).Fields[0].Value == FieldValue.Float(expected);
        });
}
