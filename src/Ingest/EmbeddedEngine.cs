using Engine.Ingest.LineProtocol;
using Engine.Ingest.Metrics;
using Engine.Ingest.Writing;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Ingest;

/// <summary>
/// Engine inside an application: open a data folder, write points, line protocol or metrics,
/// read them back. (Not named <c>Engine</c>: that is the root namespace, and C# would resolve the
/// name to the namespace.) Thread-safe. Dispose stops the metrics recorder, commits and flushes.
/// <code>
/// using var db = EmbeddedEngine.Open("data");
/// db.WriteLineProtocol("cpu,host=a usage=0.5 1700000000000000000\n"u8);
/// db.Metrics.Counter("requests", ("route", "/")).Increment();
/// </code>
/// </summary>
public sealed class EmbeddedEngine : IDisposable
{
    private readonly ThreadLocal<LineProtocolIngestor> _ingestors;

    private EmbeddedEngine(StorageEngine storage, EngineOptions options)
    {
        Storage = storage;
        Options = options;
        _ingestors = new(() => new LineProtocolIngestor(storage, options.LineProtocol), trackAllValues: false);
        Metrics = new MetricsRecorder(storage, options.Metrics);
    }

    public StorageEngine Storage { get; }

    public EngineOptions Options { get; }

    /// <summary>Counters, gauges, timings and rates that write into this engine.</summary>
    public MetricsRecorder Metrics { get; }

    public static EmbeddedEngine Open(string path, EngineOptions? options = null)
    {
        options ??= new EngineOptions();
        return new EmbeddedEngine(StorageEngine.Open(path, options.Storage), options);
    }

    public void Write(Point point, bool durable = false) => Storage.Write(point, durable);

    public void Write(IEnumerable<Point> points, bool durable = false) => Storage.Write(points, durable);

    /// <summary>
    /// Writes a body of line protocol. Bad lines are rejected and reported in the result with line,
    /// column and reason; the good ones are written. With <paramref name="durable"/>, returns once
    /// every accepted point is committed to the WAL.
    /// </summary>
    public IngestResult WriteLineProtocol(ReadOnlySpan<byte> body, bool durable = false)
    {
        var ingestor = _ingestors.Value!;
        ingestor.Reset();
        ingestor.Durable = durable;
        ingestor.Ingest(body, isFinalBlock: true);
        var result = new IngestResult();
        result.Add(ingestor.Complete());
        return result;
    }

    /// <summary>Commits every WAL: everything written so far survives a crash.</summary>
    public void Commit() => Storage.Commit();

    /// <summary>Writes everything in memory to segment files.</summary>
    public void Flush() => Storage.Flush();

    /// <summary>Streams raw samples, series by series and block by block, in time order.</summary>
    public IEnumerable<(Series Series, DecodedBlock Block)> Read(ReadRequest request) => Storage.Read(request);

    /// <summary>Streams raw samples one at a time (convenient; <see cref="Read"/> is cheaper).</summary>
    public IEnumerable<(Series Series, long TimestampNs, FieldValue Value)> ReadPoints(ReadRequest request)
    {
        foreach (var (series, block) in Storage.Read(request))
        {
            for (var i = 0; i < block.Count; i++)
            {
                yield return (series, block.Timestamps[i], block.ValueAt(i));
            }
        }
    }

    public IReadOnlyList<string> Measurements() => Storage.Index.Measurements();

    public IReadOnlyList<string> TagKeys(string measurement) => Storage.Index.TagKeys(measurement);

    public IReadOnlyList<string> TagValues(string measurement, string tagKey) => Storage.Index.TagValues(measurement, tagKey);

    public IReadOnlyList<KeyValuePair<string, FieldType>> FieldKeys(string measurement) => Storage.Index.FieldKeys(measurement);

    public IReadOnlyList<Series> Series(string measurement) => Storage.Index.SeriesOf(measurement);

    public void Dispose()
    {
        Metrics.Dispose();
        _ingestors.Dispose();
        Storage.Dispose();
    }
}
