using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>Allocating conveniences over <see cref="LineProtocolReader"/> for tests and tools.</summary>
public static class LineProtocol
{
    /// <summary>Parses a whole body (the last line may lack its newline) into points and errors.</summary>
    public static (List<Point> Points, List<LineProtocolError> Errors) ParseToPoints(ReadOnlySpan<byte> text, LineProtocolOptions? options = null)
    {
        var collector = new PointCollector();
        new LineProtocolReader(options).Parse(text, isFinalBlock: true, ref collector);
        return (collector.Points, collector.Errors);
    }
}

/// <summary>A handler that materializes every line as a <see cref="Point"/>. Allocates per line.</summary>
public sealed class PointCollector : ILineHandler
{
    public List<Point> Points { get; } = [];

    public List<LineProtocolError> Errors { get; } = [];

    public void OnLine(in ParsedLine line) => Points.Add(line.ToPoint());

    public void OnError(in LineProtocolError error) => Errors.Add(error);
}
