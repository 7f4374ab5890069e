using System.Globalization;
using Engine.DataGen;
using Engine.Ingest;
using Engine.Query;
using Engine.Query.Execution;
using Engine.Storage;

namespace Engine.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Engine.Benchmarks -- rollup-report [--hosts N] [--agents N] [--keep DIR]`:
/// the rollup issue's figures in one run. A year of history (<see cref="YearOfCpu"/>): write and
/// build times, bytes per series in each tier, and the per-day percentile queries (median wall and
/// CPU time of 20 runs). Then the application-latency day (500 agents) through the query path:
/// the relative error of every rollup percentile (per agent per hour and per day) against
/// <c>percentile_exact</c> on the raw samples. With <c>--keep DIR</c> the year stays in DIR, and a
/// later run opens it instead of writing it again (its write and build times are then not printed).
/// </summary>
internal static class RollupReport
{
    private const int Repeats = 20;
    private static readonly double[] Percents = [50, 90, 95, 99, 99.9];

    public static void Run(string[] args)
    {
        using (var year = YearOfCpu.Create(CommandLineOptions.Int(args, "--hosts", 100), CommandLineOptions.String(args, "--keep")))
        {
            PrintYear(year);
        }

        PrintAppErrors(CommandLineOptions.Int(args, "--agents", 500));
    }

    private static void PrintYear(YearOfCpu year)
    {
        Print($"a year of cpu usage: {year.Hosts} hosts, one sample a minute, {year.Samples:N0} samples");
        if (year.WriteTime > TimeSpan.Zero)
        {
            PrintBuild(year);
        }

        PrintSizes(year);
        PrintQueries(year);
    }

    private static void PrintBuild(YearOfCpu year)
    {
        Print($"  write      {year.WriteTime.TotalSeconds:F1} s ({year.Samples / year.WriteTime.TotalSeconds / 1e6:F1} M samples/s, embedded batches)");
        Print($"  build      {year.BuildTime.TotalSeconds:F1} s ({year.Build.SamplesRolledUp / year.BuildTime.TotalSeconds / 1e6:F1} M samples/s; {year.Build.HoursBuilt:N0} series-hours, {year.Build.DaysBuilt:N0} shard-days)");
    }

    private static void PrintSizes(YearOfCpu year)
    {
        Print($"  bytes per series, as kept (raw 30 days, hourly 90, daily 365), and per series-year at that density:");
        foreach (var (tier, directory, days) in new[] { ("raw", "segments", 30), ("hourly", Path.Combine("rollups", "hourly"), 90), ("daily", Path.Combine("rollups", "daily"), 365) })
        {
            var bytes = Directory.EnumerateFiles(Path.Combine(year.Folder, directory), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var perSeries = (double)bytes / year.Hosts;
            Print($"    {tier,-7} {bytes,13:N0} bytes, {perSeries,11:N0} per series over {days} days, {perSeries * YearOfCpu.Days / days,11:N0} per series-year");
        }

    }

    private static void PrintQueries(YearOfCpu year)
    {
        var query = new QueryEngine(year.Storage);
        var range = $"time >= '{YearOfCpu.From}' AND time < '{YearOfCpu.Until}'";
        foreach (var (name, text) in new[]
        {
            ("one series", $"SELECT p50(usage), p95(usage), p99(usage) FROM cpu WHERE hostname = 'host_0' AND {range} GROUP BY time(1d)"),
            ($"{year.Hosts} hosts", $"SELECT p50(usage), p95(usage), p99(usage) FROM cpu WHERE {range} GROUP BY time(1d), hostname"),
        })
        {
            var rows = Execute(query, text).Series.Sum(s => s.Rows.Count);
            var (wall, cpu) = MedianTimer.Measure(Repeats, () => Execute(query, text));
            Print($"  p50/p95/p99 per day over the year, {name}: {wall.TotalMilliseconds:F1} ms wall, {cpu.TotalMilliseconds:F1} ms CPU (median of {Repeats}; {rows} rows)");
        }
    }

    private static void PrintAppErrors(int agents)
    {
        var folder = Path.Combine(Path.GetTempPath(), "engine-bench-app-" + Guid.NewGuid().ToString("N"));
        var options = new DatasetOptions { Sources = agents };
        var clock = new FixedClock(options.Start + options.Duration + TimeSpan.FromHours(1));
        try
        {
            using var engine = EmbeddedEngine.Open(folder, new EngineOptions { Storage = new StorageOptions { BackgroundJobs = false, Clock = clock } });
            using (var lines = new MemoryStream())
            {
                new AppDataset(options).WriteLines(lines);
                engine.WriteLineProtocol(lines.GetBuffer().AsSpan(0, (int)lines.Length));
            }

            engine.Storage.BuildRollups();
            var query = new QueryEngine(engine.Storage);
            var range = $"time >= '{options.Start:yyyy-MM-ddTHH:mm:ssZ}' AND time < '{options.Start + options.Duration:yyyy-MM-ddTHH:mm:ssZ}'";
            Print($"app latency_ms through the query path ({agents} agents, one day): relative error of percentile() from rollups against percentile_exact() on raw samples");
            Print($"  {"grouping",-10} {"",-5} {string.Join(" ", Percents.Select(p => $"{"p" + p.ToString(CultureInfo.InvariantCulture),10}"))}");
            foreach (var grouping in new[] { "1h", "1d" })
            {
                var errors = Percents.Select(p =>
                {
                    var select = $"FROM request_latency WHERE {range} GROUP BY time({grouping}), agent";
                    var fromRollups = Execute(query, $"SELECT percentile(latency_ms, {p.ToString(CultureInfo.InvariantCulture)}) {select}");
                    var exact = Execute(query, $"SELECT percentile_exact(latency_ms, {p.ToString(CultureInfo.InvariantCulture)}) {select}");
                    if (fromRollups.Messages.Count == 0)
                    {
                        throw new InvalidOperationException($"the rollups did not answer GROUP BY time({grouping})");
                    }

                    return RelativeErrors(fromRollups, exact);
                }).ToArray();
                Print($"  {grouping,-10} {"max",-5} {string.Join(" ", errors.Select(e => $"{e.Max(),9:P4}"))}");
                Print($"  {grouping,-10} {"mean",-5} {string.Join(" ", errors.Select(e => $"{e.Average(),9:P4}"))}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double[] RelativeErrors(StatementResult estimated, StatementResult exact) =>
        [.. estimated.Series.Zip(exact.Series).SelectMany(pair => pair.First.Rows.Zip(pair.Second.Rows))
            .Where(rows => rows.Second[1] is double)
            .Select(rows => Math.Abs((double)rows.First[1]! - (double)rows.Second[1]!) / Math.Abs((double)rows.Second[1]!))];

    private static StatementResult Execute(QueryEngine query, string text)
    {
        var result = query.Execute(text)[0];
        return result.Error is null ? result : throw new InvalidOperationException(result.Error);
    }

    private static void Print(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
