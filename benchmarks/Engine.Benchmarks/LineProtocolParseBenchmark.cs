using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Engine.Ingest.LineProtocol;

namespace Engine.Benchmarks;

/// <summary>
/// Parses a TSBS-like cpu batch (10 tags, 10 two-decimal float fields, ns timestamps) with a handler
/// that only reads the parsed values. Reported time is per line (OperationsPerInvoke); MB/s is
/// <see cref="BytesPerLine"/> divided by it.
/// </summary>
[MemoryDiagnoser]
public class LineProtocolParseBenchmark
{
    private const int Lines = 5_000;
    private static readonly string[] FieldNames =
        ["usage_user", "usage_system", "usage_idle", "usage_nice", "usage_iowait", "usage_irq", "usage_softirq", "usage_steal", "usage_guest", "usage_guest_nice"];

    private byte[] _batch = [];
    private LineProtocolReader _reader = new();

    /// <summary>Average line length of the batch, including its newline.</summary>
    public static double BytesPerLine { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var text = new StringBuilder();
        string[] regions = ["eu-west-1", "us-east-1", "ap-northeast-1"];
        for (int i = 0; i < Lines; i++)
        {
            string region = regions[i % regions.Length];
            text.Append(CultureInfo.InvariantCulture,
                $"cpu,hostname=host_{i % 100},region={region},datacenter={region}a,rack={random.Next(100)},os=Ubuntu16.10,arch=x64,team=SF,service={random.Next(20)},service_version={random.Next(2)},service_environment=test ");
            for (int f = 0; f < FieldNames.Length; f++)
            {
                text.Append(f == 0 ? "" : ",").Append(FieldNames[f]).Append('=')
                    .Append((random.Next(10_000) / 100.0).ToString("0.00", CultureInfo.InvariantCulture));
            }

            text.Append(' ').Append(1451606400000000000L + (i * 10_000_000_000L)).Append('\n');
        }

        _batch = Encoding.UTF8.GetBytes(text.ToString());
        _reader = new LineProtocolReader(new LineProtocolOptions { DefaultTimestampNs = 0 });
        BytesPerLine = (double)_batch.Length / Lines;
        Console.WriteLine($"// batch: {Lines} lines, {_batch.Length} bytes, {BytesPerLine:F1} bytes per line");
    }

    [Benchmark(OperationsPerInvoke = Lines)]
    public long ParseCpuBatch()
    {
        var handler = new ChecksumHandler();
        _reader.Parse(_batch, isFinalBlock: true, ref handler);
        return handler.Checksum;
    }

    /// <summary>Touches every value so the parse cannot be optimized away; allocates nothing.</summary>
    private struct ChecksumHandler : ILineHandler
    {
        public long Checksum;

        public void OnLine(in ParsedLine line)
        {
            Checksum += line.TimestampNs + line.TagCount;
            for (int i = 0; i < line.FieldCount; i++)
            {
                Checksum ^= (long)line.FieldBits(i);
            }
        }

        public void OnError(in LineProtocolError error) => Checksum--;
    }
}
