using System.Buffers;
using System.Globalization;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;

namespace Engine.Ingest.Tests.LineProtocol;

/// <summary>Records every outcome in order, as comparable text, plus the points and errors.</summary>
internal sealed class RecordingHandler : ILineHandler
{
    public List<string> Events { get; } = [];

    public List<Point> Points { get; } = [];

    public List<long> LineNumbers { get; } = [];

    public List<LineProtocolError> Errors { get; } = [];

    public void OnLine(in ParsedLine line)
    {
        Point point = line.ToPoint();
        Points.Add(point);
        LineNumbers.Add(line.LineNumber);
        Events.Add($"{line.LineNumber}: {Describe(point)} has-ts={line.HasTimestamp}");
    }

    public void OnError(in LineProtocolError error)
    {
        Errors.Add(error);
        Events.Add(error.ToString());
    }

    /// <summary>An exact description: every field's type and raw bits, strings escaped for display.</summary>
    public static string Describe(Point point)
    {
        var text = new StringBuilder();
        text.Append(Escape(point.Measurement));
        foreach (KeyValuePair<string, string> tag in point.Tags)
        {
            text.Append('|').Append(Escape(tag.Key)).Append('=').Append(Escape(tag.Value));
        }

        foreach (KeyValuePair<string, FieldValue> field in point.Fields)
        {
            text.Append(" [").Append(Escape(field.Key)).Append(' ').Append(field.Value.Type).Append(' ')
                .Append(field.Value.Bits.ToString("x", CultureInfo.InvariantCulture)).Append(' ')
                .Append(Escape(field.Value.Text ?? string.Empty)).Append(']');
        }

        return text.Append(" @").Append(point.TimestampNs).ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

internal static class ParseHelpers
{
    public static readonly LineProtocolOptions FixedTime = new() { DefaultTimestampNs = 42 };

    public static RecordingHandler ParseAll(string text, LineProtocolOptions? options = null) =>
        ParseAll(Encoding.UTF8.GetBytes(text), options);

    public static RecordingHandler ParseAll(byte[] bytes, LineProtocolOptions? options = null)
    {
        var handler = new RecordingHandler();
        var reader = new LineProtocolReader(options ?? FixedTime);
        int consumed = reader.Parse(bytes, isFinalBlock: true, ref handler);
        Assert.Equal(bytes.Length, consumed);
        return handler;
    }

    /// <summary>Feeds <paramref name="bytes"/> as two blocks split at <paramref name="split"/>, like a network read would.</summary>
    public static RecordingHandler ParseSplit(byte[] bytes, int split, LineProtocolOptions options)
    {
        var handler = new RecordingHandler();
        var reader = new LineProtocolReader(options);
        int consumed = reader.Parse(bytes.AsSpan(0, split), isFinalBlock: false, ref handler);
        if (consumed > split)
        {
            throw new InvalidOperationException($"consumed {consumed} of {split} bytes");
        }

        int rest = reader.Parse(bytes.AsSpan(consumed), isFinalBlock: true, ref handler);
        if (consumed + rest != bytes.Length)
        {
            throw new InvalidOperationException($"consumed {consumed} + {rest} of {bytes.Length} bytes");
        }

        return handler;
    }

    /// <summary>Parses through the <see cref="ReadOnlySequence{T}"/> overload with the given segments.</summary>
    public static RecordingHandler ParseSegments(IReadOnlyList<byte[]> segments, LineProtocolOptions options)
    {
        var handler = new RecordingHandler();
        var reader = new LineProtocolReader(options);
        ReadOnlySequence<byte> sequence = Segment.Build(segments);
        long consumed = reader.Parse(sequence, isFinalBlock: true, ref handler);
        Assert.Equal(sequence.Length, consumed);
        return handler;
    }

    public static Point Single(string text, LineProtocolOptions? options = null)
    {
        RecordingHandler result = ParseAll(text, options);
        Assert.Empty(result.Errors);
        return Assert.Single(result.Points);
    }

    public static LineProtocolError SingleError(string text, LineProtocolOptions? options = null)
    {
        RecordingHandler result = ParseAll(text, options);
        Assert.Empty(result.Points);
        return Assert.Single(result.Errors);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        private Segment(byte[] bytes) => Memory = bytes;

        public static ReadOnlySequence<byte> Build(IReadOnlyList<byte[]> parts)
        {
            var first = new Segment(parts[0]);
            Segment last = first;
            for (int i = 1; i < parts.Count; i++)
            {
                var next = new Segment(parts[i]) { RunningIndex = last.RunningIndex + last.Memory.Length };
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
