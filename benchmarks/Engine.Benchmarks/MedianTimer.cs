using System.Diagnostics;

namespace Engine.Benchmarks;

/// <summary>
/// Median wall and process CPU time of repeated runs, for the report commands: on a shared machine
/// CPU time swells much less with the load than wall time, so reports print both.
/// </summary>
internal static class MedianTimer
{
    public static (TimeSpan Wall, TimeSpan Cpu) Measure(int repeats, Action action)
    {
        var process = Process.GetCurrentProcess();
        var walls = new TimeSpan[repeats];
        var cpus = new TimeSpan[repeats];
        for (var run = 0; run < repeats; run++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            action();
            walls[run] = wall.Elapsed;
            process.Refresh();
            cpus[run] = process.TotalProcessorTime - cpuBefore;
        }

        Array.Sort(walls);
        Array.Sort(cpus);
        return (walls[repeats / 2], cpus[repeats / 2]);
    }
}
