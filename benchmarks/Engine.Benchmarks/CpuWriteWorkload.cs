using Engine.DataGen;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Benchmarks;

/// <summary>
/// The write side of the cpu dataset (1,000 series) in a fresh data folder: the series are resolved
/// once, then <see cref="Write"/> adds timestamps of every series in batches of 10 timestamps,
/// non-durably (committed by the background loop), as the embedded write benchmarks measure it.
/// With two writers the threads write disjoint hosts, as two connections would.
/// </summary>
internal sealed class CpuWriteWorkload : IDisposable
{
    public const int SeriesCount = 1000;
    private const int StepsPerBatch = 10;

    private readonly string _folder;
    private readonly StorageEngine _storage;
    private readonly Series[] _series = new Series[SeriesCount];
    private readonly double[][] _values;
    private readonly long[] _timestamps;
    private readonly WriteBatch[] _batches;
    private long _step;

    public CpuWriteWorkload(StorageOptions options)
    {
        _folder = Path.Combine(Path.GetTempPath(), "engine-bench-" + Guid.NewGuid().ToString("N"));
        _storage = StorageEngine.Open(_folder, options);
        var dataset = new CpuDataset(new DatasetOptions());
        (_timestamps, _values) = dataset.GenerateColumns();
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

    public StorageEngine Storage => _storage;

    /// <summary>
    /// Writes the next <paramref name="steps"/> timestamps of every series (a multiple of 10) with one
    /// or two writer threads. Time keeps moving forward from call to call; values cycle through the
    /// generated day.
    /// </summary>
    public void Write(int steps, int writers)
    {
        var firstStep = _step;
        _step += steps;
        if (writers == 1)
        {
            Write(_batches[0], firstStep, steps, 0, SeriesCount);
        }
        else
        {
            Parallel.Invoke(
                () => Write(_batches[0], firstStep, steps, 0, SeriesCount / 2),
                () => Write(_batches[1], firstStep, steps, SeriesCount / 2, SeriesCount));
        }
    }

    public void Dispose()
    {
        _storage.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private void Write(WriteBatch batch, long firstStep, int steps, int fromSeries, int toSeries)
    {
        for (var step = firstStep; step < firstStep + steps; step++)
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
