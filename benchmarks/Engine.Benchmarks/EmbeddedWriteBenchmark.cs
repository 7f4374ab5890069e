using BenchmarkDotNet.Attributes;
using Engine.DataGen;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Benchmarks;

/// <summary>
/// Embedded batch writes of the cpu dataset (1,000 series) in steady state: each operation is one
/// sample; an invocation writes 1,000 timestamps of every series (1 M samples) in batches of 10 timestamps,
/// non-durably (committed by the background loop), with checkpoints running as in production.
/// With Writers = 2 the two threads write disjoint hosts, as two connections would.
/// </summary>
[MemoryDiagnoser]
public class EmbeddedWriteBenchmark
{
    private const int StepsPerInvocation = 1000;
    private const int StepsPerBatch = 10;
    private const int SeriesCount = 1000;

    private string _folder = "";
    private StorageEngine _storage = null!;
    private Series[] _series = [];
    private double[][] _values = [];
    private long[] _timestamps = [];
    private WriteBatch[] _batches = [];
    private long _step;

    [Params(1, 2)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "engine-bench-" + Guid.NewGuid().ToString("N"));
        _storage = StorageEngine.Open(_folder);
        var dataset = new CpuDataset(new DatasetOptions());
        (_timestamps, _values) = dataset.GenerateColumns();
        _series = new Series[SeriesCount];
        for (var host = 0; host < dataset.SeriesKeys.Length; host++)
        {
            var (measurement, tags) = ParseKey(dataset.SeriesKeys[host]);
            var tagSet = _storage.ResolveTagSet(TagSetKey.Encode(measurement, tags));
            for (var field = 0; field < CpuDataset.FieldNames.Length; field++)
            {
                _series[(host * 10) + field] = _storage.ResolveSeries(tagSet, System.Text.Encoding.UTF8.GetBytes(CpuDataset.FieldNames[field]), FieldType.Float);
            }
        }

        _batches = [.. Enumerable.Range(0, 2).Select(_ => _storage.CreateBatch())];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _storage.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = StepsPerInvocation * SeriesCount)]
    public void WriteBatches()
    {
        var firstStep = _step;
        _step += StepsPerInvocation;
        if (Writers == 1)
        {
            Write(_batches[0], firstStep, 0, SeriesCount);
        }
        else
        {
            Parallel.Invoke(
                () => Write(_batches[0], firstStep, 0, SeriesCount / 2),
                () => Write(_batches[1], firstStep, SeriesCount / 2, SeriesCount));
        }
    }

    private void Write(WriteBatch batch, long firstStep, int fromSeries, int toSeries)
    {
        // Time keeps moving forward across invocations; values cycle through the generated day.
        // Invocations are long enough that heads fill and seal (every 16,384 samples) within a run.
        for (var step = firstStep; step < firstStep + StepsPerInvocation; step++)
        {
            var index = (int)(step % _timestamps.Length);
            var time = _timestamps[0] + (step * CpuDataset.IntervalNanoseconds);
            for (var s = fromSeries; s < toSeries; s++)
            {
                batch.Add(_series[s], time, BitConverter.DoubleToUInt64Bits(_values[s][index]), null);
            }

            if ((step + 1) % StepsPerBatch == 0)
            {
                _storage.Write(batch);
                batch.Clear();
            }
        }
    }

    private static (string Measurement, KeyValuePair<string, string>[] Tags) ParseKey(string key)
    {
        var parts = key.Split(',');
        return (parts[0], [.. parts.Skip(1).Select(p => p.Split('=')).Select(kv => new KeyValuePair<string, string>(kv[0], kv[1]))]);
    }
}
