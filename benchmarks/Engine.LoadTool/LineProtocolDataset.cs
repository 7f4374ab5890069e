using Engine.Ingest.LineProtocol;

namespace Engine.LoadTool;

/// <summary>
/// A line-protocol file held in memory, so that sending costs the client no more than a copy into
/// the socket. Its samples (field values) are counted with Engine's own parser, which is what a
/// server that stores every line ends up with.
/// </summary>
internal sealed class LineProtocolDataset
{
    private LineProtocolDataset(string path, byte[] bytes, long lines, long samples)
    {
        Path = path;
        Bytes = bytes;
        Lines = lines;
        Samples = samples;
    }

    public string Path { get; }

    public byte[] Bytes { get; }

    public long Lines { get; }

    public long Samples { get; }

    /// <exception cref="InvalidDataException">A line does not parse: a server would reject it, so the expected count would be wrong.</exception>
    public static LineProtocolDataset Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var counter = new SampleCounter();
        new LineProtocolReader().Parse(bytes, isFinalBlock: true, ref counter);
        if (counter.FirstError is { } error)
        {
            throw new InvalidDataException($"{path}: {error}");
        }

        return new LineProtocolDataset(path, bytes, counter.Lines, counter.Samples);
    }

    /// <summary>The file cut into <paramref name="parts"/> runs of whole lines of about equal size.</summary>
    public List<ReadOnlyMemory<byte>> Split(int parts)
    {
        var result = new List<ReadOnlyMemory<byte>>(parts);
        var start = 0;
        for (var part = 1; part <= parts && start < Bytes.Length; part++)
        {
            var end = part == parts ? Bytes.Length : LineEndAtOrAfter((int)((long)Bytes.Length * part / parts));
            result.Add(Bytes.AsMemory(start, end - start));
            start = end;
        }

        return result;
    }

    /// <summary>The file in runs of <paramref name="linesPerBatch"/> lines (the last one may be shorter).</summary>
    public List<ReadOnlyMemory<byte>> Batches(int linesPerBatch)
    {
        var result = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        while (start < Bytes.Length)
        {
            var end = start;
            for (var line = 0; line < linesPerBatch && end < Bytes.Length; line++)
            {
                end = LineEndAtOrAfter(end);
            }

            result.Add(Bytes.AsMemory(start, end - start));
            start = end;
        }

        return result;
    }

    /// <summary>The offset just past the first newline at or after <paramref name="offset"/>, or the end of the file.</summary>
    private int LineEndAtOrAfter(int offset)
    {
        var newline = Bytes.AsSpan(offset).IndexOf((byte)'\n');
        return newline < 0 ? Bytes.Length : offset + newline + 1;
    }

    private struct SampleCounter : ILineHandler
    {
        public long Lines;
        public long Samples;
        public LineProtocolError? FirstError;

        public void OnLine(in ParsedLine line)
        {
            Lines++;
            Samples += line.FieldCount;
        }

        public void OnError(in LineProtocolError error) => FirstError ??= error;
    }
}
