using System.Diagnostics;

namespace Engine.Storage.Diagnostics;

/// <summary>
/// A lock-free histogram of durations with fixed bucket bounds (Prometheus-style, cumulative when
/// read), for figures such as how long durable writes wait for their WAL commit.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>Upper bounds of the buckets, in seconds; a last, unbounded bucket follows.</summary>
    public static readonly double[] BoundsSeconds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

    private readonly long[] _counts = new long[BoundsSeconds.Length + 1];
    private long _sumTicks;

    public void Observe(long startedTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startedTimestamp;
        var seconds = (double)elapsed / Stopwatch.Frequency;
        var bucket = 0;
        while (bucket < BoundsSeconds.Length && seconds > BoundsSeconds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumTicks, elapsed);
    }

    /// <summary>Cumulative counts per bound (the last one is the total), and the sum in seconds.</summary>
    public (long[] Cumulative, double SumSeconds) Read()
    {
        var cumulative = new long[_counts.Length];
        long running = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            running += Volatile.Read(ref _counts[i]);
            cumulative[i] = running;
        }

        return (cumulative, (double)Volatile.Read(ref _sumTicks) / Stopwatch.Frequency);
    }
}
