using System.Globalization;
using Engine.DataGen;
using Engine.Storage.Rollups;

namespace Engine.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Engine.Benchmarks -- sketch-report [--hosts N] [--agents N]`:
/// builds an hourly quantile sketch per series and hour of one generated day, and a daily one by
/// merging the hours (as the rollups will), then prints the encoded sizes and the relative error
/// of sketch percentiles against the exact nearest-rank percentiles of the raw values, and the CPU
/// time of each sketch operation.
/// </summary>
internal static class SketchReport
{
    private const long NanosPerHour = 3_600_000_000_000;
    private static readonly double[] ReportedPercents = [50, 90, 95, 99, 99.9];

    public static void Run(string[] args)
    {
        var hosts = CommandLineOptions.Int(args, "--hosts", 100);
        var agents = CommandLineOptions.Int(args, "--agents", 500);

        var (timestamps, cpuValues) = new CpuDataset(new DatasetOptions { Sources = hosts }).GenerateColumns();
        var cpu = new Tally($"cpu usage_*: {cpuValues.Length} series, 360 samples an hour");
        foreach (var values in cpuValues)
            cpu.AddDay(timestamps, values);
        cpu.Print();

        var app = new AppDataset(new DatasetOptions { Sources = agents });
        var latency = new Tally($"app latency_ms: {agents} series, ~360 requests an hour");
        var days = new List<double[]>();
        for (var agent = 0; agent < agents; agent++)
        {
            var series = app.GenerateSeries(agent);
            latency.AddDay(series.Timestamps, series.LatencyMs);
            days.Add(series.LatencyMs);
        }

        latency.Print();
        SketchCpuTimings.Print(days);
    }

    /// <summary>The query engine's exact percentile: the sorted value at rank ⌊n·p/100 + 0.5⌋ (as Engine.Query's SortedValues).</summary>
    private static double? ExactPercentile(double[] sorted, double percent)
    {
        var rank = (long)Math.Floor((sorted.Length * percent / 100.0) + 0.5);
        return rank < 1 ? null : sorted[rank - 1];
    }

    private sealed class Tally(string title)
    {
        private readonly List<int> _hourBytes = [];
        private readonly List<int> _dayBytes = [];
        private readonly Dictionary<string, ErrorStats> _errors = [];

        public void AddDay(long[] timestamps, double[] values)
        {
            var day = new QuantileSketch();
            var start = 0;
            while (start < values.Length)
            {
                var hourEnd = timestamps[start] - (timestamps[start] % NanosPerHour) + NanosPerHour;
                var end = start;
                var hour = new QuantileSketch();
                while (end < values.Length && timestamps[end] < hourEnd)
                    hour.Add(values[end++]);
                _hourBytes.Add(QuantileSketchFormat.ToBytes(hour).Length);
                Measure("hour", hour, values[start..end]);
                day.Merge(hour);
                start = end;
            }

            _dayBytes.Add(QuantileSketchFormat.ToBytes(day).Length);
            Measure("day", day, values);
        }

        public void Print()
        {
            Console.WriteLine(title);
            PrintSizes("hourly sketch", _hourBytes);
            PrintSizes("daily sketch", _dayBytes);
            foreach (var (name, stats) in _errors)
                Console.WriteLine(Invariant($"  {name,-16} relative error max {stats.Max:P6}  mean {stats.Sum / stats.Count:P3}  over {stats.Count:N0}"));
        }

        private static void PrintSizes(string name, List<int> sizes)
        {
            sizes.Sort();
            Console.WriteLine(Invariant($"  {name,-14} bytes: mean {sizes.Average():F1}  median {sizes[sizes.Count / 2]}  p99 {sizes[(int)(sizes.Count * 0.99)]}  max {sizes[^1]}  ({sizes.Count:N0} sketches)"));
        }

        private void Measure(string tier, QuantileSketch sketch, double[] values)
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            foreach (var percent in ReportedPercents)
                Record(Invariant($"{tier} p{percent}"), sketch, sorted, percent);
            for (var percent = 1; percent <= 100; percent++)
                Record($"{tier} p1..p100", sketch, sorted, percent);
        }

        private void Record(string name, QuantileSketch sketch, double[] sorted, double percent)
        {
            if (ExactPercentile(sorted, percent) is not { } exact || exact == 0)
                return;
            var error = Math.Abs(sketch.Percentile(percent)!.Value - exact) / Math.Abs(exact);
            var stats = _errors.GetValueOrDefault(name);
            _errors[name] = new ErrorStats(Math.Max(stats.Max, error), stats.Sum + error, stats.Count + 1);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }

    private readonly record struct ErrorStats(double Max, double Sum, long Count);
}
