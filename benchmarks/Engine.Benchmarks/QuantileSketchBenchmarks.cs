using System.Buffers;
using BenchmarkDotNet.Attributes;
using Engine.DataGen;
using Engine.Storage.Rollups;

namespace Engine.Benchmarks;

/// <summary>
/// The quantile sketch of the rollups on one day of one app agent's latencies (~8,640 values):
/// adding (ns per value, into a warm sketch, as an hourly rollup builds), merging 24 hourly sketches
/// into a daily one, a p99 query, and encoding and decoding the daily sketch.
/// </summary>
[MemoryDiagnoser]
public class QuantileSketchBenchmarks
{
    private readonly ArrayBufferWriter<byte> _writer = new(1 << 16);
    private double[] _latencies = [];
    private QuantileSketch _warm = new();
    private QuantileSketch[] _hours = [];
    private QuantileSketch _day = new();
    private byte[] _dayBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        var series = new AppDataset(new DatasetOptions { Sources = 1 }).GenerateSeries(0);
        _latencies = series.LatencyMs;
        _warm = Build(_latencies);
        _hours = [.. _latencies.Chunk((_latencies.Length + 23) / 24).Select(Build)];
        _day = Build(_latencies);
        _dayBytes = QuantileSketchFormat.ToBytes(_day);
    }

    [Benchmark(OperationsPerInvoke = 8192)]
    public void AddPerValue()
    {
        var sketch = _warm;
        foreach (var value in _latencies.AsSpan(0, 8192))
            sketch.Add(value);
    }

    [Benchmark]
    public QuantileSketch MergeHoursIntoDay()
    {
        var day = new QuantileSketch();
        foreach (var hour in _hours)
            day.Merge(hour);
        return day;
    }

    [Benchmark]
    public double? P99OfDay() => _day.Percentile(99);

    [Benchmark]
    public int SerializeDay()
    {
        _writer.ResetWrittenCount();
        QuantileSketchFormat.Write(_day, _writer);
        return _writer.WrittenCount;
    }

    [Benchmark]
    public QuantileSketch DeserializeDay() => QuantileSketchFormat.FromBytes(_dayBytes);

    private static QuantileSketch Build(double[] values)
    {
        var sketch = new QuantileSketch();
        foreach (var value in values)
            sketch.Add(value);
        return sketch;
    }
}
