using System.Diagnostics;

namespace Engine.LoadTool;

/// <summary>
/// One measured run: note the server's committed count and CPU time, send the dataset, wait until
/// the count has grown by the dataset's samples (then flush, if the target needs it), and take the
/// wall time, the CPU time used and the peak RSS. Wall time runs from the first byte sent to the
/// last sample committed, so a server that buffers what it was sent gains nothing from it.
/// </summary>
internal static class LoadRun
{
    /// <summary>How often the counter is read once everything is sent; short, since it bounds the error of the wall time.</summary>
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<LoadResult> MeasureAsync(LineProtocolDataset dataset, LoadTarget target, Func<CancellationToken, Task> send)
    {
        using var http = new HttpClient();
        using var timeout = new CancellationTokenSource(target.Timeout);
        var cancellation = timeout.Token;
        var committed = new PrometheusMetric(http, target.MetricsUrl, target.CommittedMetric);
        var expected = await committed.ReadAsync(cancellation).ConfigureAwait(false) + dataset.Samples;
        var cpuBefore = ProcessFigures.CpuSeconds(target.ServerPid);

        var clock = Stopwatch.StartNew();
        await send(cancellation).ConfigureAwait(false);
        var sent = clock.Elapsed;
        await WaitForAsync(committed, expected, target.Timeout, cancellation).ConfigureAwait(false);

        if (target.FlushUrl is { } flush)
        {
            using var response = await http.GetAsync(flush, cancellation).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        var elapsed = clock.Elapsed;
        var cpu = ProcessFigures.CpuSeconds(target.ServerPid) - cpuBefore;
        return new LoadResult(dataset.Samples, sent, elapsed, cpu, ProcessFigures.PeakRssBytes(target.ServerPid));
    }

    private static async Task WaitForAsync(PrometheusMetric committed, double expected, TimeSpan timeout, CancellationToken cancellation)
    {
        double seen;
        try
        {
            while ((seen = await committed.ReadAsync(cancellation).ConfigureAwait(false)) < expected)
            {
                await Task.Delay(s_pollInterval, cancellation).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{committed.Name} did not reach {expected} within {timeout.TotalSeconds:0} s: rejected lines, or a slow server?");
        }
    }
}
