using System.Globalization;

namespace Engine.LoadTool;

/// <summary>What one run measured, printed for people and as one <c>result key=value …</c> line for scripts.</summary>
internal sealed record LoadResult(long Samples, TimeSpan Sent, TimeSpan Committed, double ServerCpuSeconds, long ServerPeakRssBytes)
{
    public double SamplesPerSecond => Samples / Committed.TotalSeconds;

    public double SamplesPerCpuSecond => Samples / ServerCpuSeconds;

    public void Print(TextWriter output)
    {
        output.WriteLine(Invariant($"sent in {Sent.TotalSeconds:0.000} s; all {Samples:N0} samples committed after {Committed.TotalSeconds:0.000} s"));
        output.WriteLine(Invariant($"committed samples/s:        {SamplesPerSecond:N0}"));
        output.WriteLine(Invariant($"server CPU seconds:         {ServerCpuSeconds:0.00} (user + system)"));
        output.WriteLine(Invariant($"samples per server CPU-s:   {SamplesPerCpuSecond:N0}"));
        output.WriteLine(Invariant($"server peak RSS (VmHWM):    {ServerPeakRssBytes / (1024.0 * 1024):0.0} MiB"));
        output.WriteLine(Invariant(
            $"result samples={Samples} seconds={Committed.TotalSeconds:0.000} samples_per_second={SamplesPerSecond:0} cpu_seconds={ServerCpuSeconds:0.00} samples_per_cpu_second={SamplesPerCpuSecond:0} peak_rss_bytes={ServerPeakRssBytes}"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
