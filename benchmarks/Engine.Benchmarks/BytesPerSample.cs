using System.Buffers;
using System.Globalization;
using Engine.DataGen;
using Engine.Storage.Encoding;

namespace Engine.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Engine.Benchmarks -- bytes-per-sample [--hosts N] [--agents N]`:
/// encodes one day of the cpu and app datasets per series in chunks of up to 16384 samples (the
/// engine's chunk limit, so one chunk holds a whole day of a 10 s cpu series), and prints encoded
/// column bytes per sample (chunk headers excluded) and which encodings were chosen.
/// </summary>
internal static class BytesPerSample
{
    public const int ChunkSamples = 16384;

    public static void Run(string[] args)
    {
        var hosts = CommandLineOptions.Int(args, "--hosts", 100);
        var agents = CommandLineOptions.Int(args, "--agents", 500);
        Cpu(new DatasetOptions { Sources = hosts });
        App(new DatasetOptions { Sources = agents });
    }

    private static void Cpu(DatasetOptions options)
    {
        var (timestamps, values) = new CpuDataset(options).GenerateColumns();
        var tally = new Tally();
        foreach (var series in values)
        {
            tally.Add("timestamps", timestamps, TimestampCodec.Encode);
            tally.Add("usage_*", series, FloatCodec.Encode);
        }

        tally.Print($"cpu: {options.Sources} hosts x 10 fields x {timestamps.Length} samples (1 day, 10 s)", "timestamps", "usage_*");
    }

    private static void App(DatasetOptions options)
    {
        var dataset = new AppDataset(options);
        var tally = new Tally();
        for (var agent = 0; agent < options.Sources; agent++)
        {
            // Each field is its own series, with its own copy of the timestamps.
            var series = dataset.GenerateSeries(agent);
            for (var field = 0; field < 3; field++)
                tally.Add("timestamps", series.Timestamps, TimestampCodec.Encode);
            tally.Add("latency_ms", series.LatencyMs, FloatCodec.Encode);
            tally.Add("status", series.Status, IntegerCodec.Encode);
            tally.Add("bytes", series.Bytes, IntegerCodec.Encode);
        }

        tally.Print($"app: {options.Sources} agents x 3 fields (1 day, irregular)", "timestamps", "latency_ms", "status", "bytes");
    }

    /// <summary>Encoded bytes, samples and chosen encodings per column kind.</summary>
    private sealed class Tally
    {
        private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
        private readonly Dictionary<string, (long Bytes, long Samples)> _columns = [];
        private readonly Dictionary<(string, ColumnEncoding), int> _encodings = [];

        public void Add<T>(string column, T[] values, Func<ReadOnlySpan<T>, IBufferWriter<byte>, ColumnEncoding> encode)
        {
            for (var start = 0; start < values.Length; start += ChunkSamples)
            {
                var chunk = values.AsSpan(start, Math.Min(ChunkSamples, values.Length - start));
                _writer.ResetWrittenCount();
                var encoding = encode(chunk, _writer);
                var (bytes, samples) = _columns.GetValueOrDefault(column);
                _columns[column] = (bytes + _writer.WrittenCount, samples + chunk.Length);
                _encodings[(column, encoding)] = _encodings.GetValueOrDefault((column, encoding)) + 1;
            }
        }

        public void Print(string title, string timestampColumn, params string[] valueColumns)
        {
            Console.WriteLine(title);
            foreach (var (column, (bytes, samples)) in _columns)
            {
                var chosen = string.Join(", ", _encodings.Where(e => e.Key.Item1 == column).Select(e => $"{e.Key.Item2} x{e.Value}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {column,-12} {bytes,12:N0} bytes {samples,12:N0} samples {(double)bytes / samples,8:F4} B/sample  [{chosen}]"));
            }

            // Per stored value sample: its value bytes plus its series' timestamp bytes.
            var valueBytes = valueColumns.Where(c => c != timestampColumn).Sum(c => _columns[c].Bytes);
            var valueSamples = valueColumns.Where(c => c != timestampColumn).Sum(c => _columns[c].Samples);
            var total = valueBytes + _columns[timestampColumn].Bytes;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total (timestamps + values) {(double)total / valueSamples:F4} B/sample over {valueSamples:N0} samples"));
        }
    }
}
