using System.Buffers;
using System.Globalization;
using Engine.Storage.Rollups;

namespace Engine.Benchmarks;

/// <summary>
/// Per-operation cost of the quantile sketch in process CPU time rather than wall time: on a
/// shared machine (where BenchmarkDotNet's wall-clock figures swell with the load) CPU time is
/// close to what the work costs on an idle core. Part of `sketch-report`.
/// </summary>
internal static class SketchCpuTimings
{
    private const int Repeats = 20;

    public static void Print(IReadOnlyList<double[]> daysOfLatencies)
    {
        var values = daysOfLatencies.Sum(day => (long)day.Length);
        var warm = new QuantileSketch();
        var adds = Measure(() =>
        {
            foreach (var day in daysOfLatencies)
            {
                foreach (var value in day)
                    warm.Add(value);
            }
        });
        var hours = daysOfLatencies.Select(day => day.Chunk((day.Length + 23) / 24).Select(Build).ToArray()).ToArray();
        var days = new QuantileSketch[hours.Length];
        var merges = Measure(() =>
        {
            for (var i = 0; i < hours.Length; i++)
            {
                days[i] = new QuantileSketch();
                foreach (var hour in hours[i])
                    days[i].Merge(hour);
            }
        });
        var queries = Measure(() =>
        {
            foreach (var day in days)
                day.Percentile(99);
        });
        var writer = new ArrayBufferWriter<byte>(1 << 16);
        var encodes = Measure(() =>
        {
            foreach (var day in days)
            {
                writer.ResetWrittenCount();
                QuantileSketchFormat.Write(day, writer);
            }
        });
        var encoded = days.Select(QuantileSketchFormat.ToBytes).ToArray();
        var decodes = Measure(() =>
        {
            foreach (var bytes in encoded)
                QuantileSketchFormat.FromBytes(bytes);
        });

        Console.WriteLine(Invariant($"cpu time per operation (median of {Repeats} runs, app latencies, {days.Length} series-days):"));
        Console.WriteLine(Invariant($"  add          {adds / values:F1} ns per value (into one warm sketch, {values:N0} values a run)"));
        Console.WriteLine(Invariant($"  merge        {merges / days.Length / 1000:F2} µs per day (24 hourly sketches into a new one)"));
        Console.WriteLine(Invariant($"  p99          {queries / days.Length:F0} ns per query of a daily sketch"));
        Console.WriteLine(Invariant($"  encode       {encodes / days.Length:F0} ns per daily sketch"));
        Console.WriteLine(Invariant($"  decode       {decodes / days.Length:F0} ns per daily sketch"));
    }

    /// <summary>The median CPU time of <see cref="Repeats"/> runs of <paramref name="action"/>, in ns.</summary>
    private static double Measure(Action action) => MedianTimer.Measure(Repeats, action).Cpu.TotalNanoseconds;

    private static QuantileSketch Build(double[] values)
    {
        var sketch = new QuantileSketch();
        foreach (var value in values)
            sketch.Add(value);
        return sketch;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
