using Engine.Storage.Catalog;

namespace Engine.Ingest.Metrics;

/// <summary>
/// What every metric handle shares: its series and the recorder it emits through. Handles are
/// created once (by <see cref="MetricsRecorder"/>) and kept by the application.
/// </summary>
public abstract class Metric
{
    private protected Metric(MetricsRecorder recorder, Series series)
    {
        Recorder = recorder;
        Series = series;
    }

    public Series Series { get; }

    private protected MetricsRecorder Recorder { get; }

    /// <summary>Last timestamp written for this series; only the recorder's writer touches it.</summary>
    internal long LastWrittenNs { get; set; } = long.MinValue;
}

/// <summary>A monotonically increasing count, written as its running total (field <c>count</c>, integer).</summary>
public sealed class Counter : Metric
{
    private long _total;

    internal Counter(MetricsRecorder recorder, Series series) : base(recorder, series)
    {
    }

    public long Total => Volatile.Read(ref _total);

    public void Increment() => Add(1);

    public void Add(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var total = Interlocked.Add(ref _total, amount);
        Recorder.Emit(this, unchecked((ulong)total));
    }
}

/// <summary>A value that goes up and down (field <c>value</c>, float).</summary>
public sealed class Gauge : Metric
{
    internal Gauge(MetricsRecorder recorder, Series series) : base(recorder, series)
    {
    }

    public void Set(double value) => Recorder.Emit(this, BitConverter.DoubleToUInt64Bits(value));
}

/// <summary>Durations, one sample per observation (field <c>duration_ms</c>, float milliseconds).</summary>
public sealed class Timing : Metric
{
    internal Timing(MetricsRecorder recorder, Series series) : base(recorder, series)
    {
    }

    public void Record(TimeSpan duration) => RecordMilliseconds(duration.TotalMilliseconds);

    public void RecordMilliseconds(double milliseconds) => Recorder.Emit(this, BitConverter.DoubleToUInt64Bits(milliseconds));

    /// <summary>Times the scope of a <c>using</c> block.</summary>
    public TimingScope Start() => new(this, System.Diagnostics.Stopwatch.GetTimestamp());
}

/// <summary>Measures one <see cref="Timing"/> observation from its creation to Dispose.</summary>
public readonly struct TimingScope(Timing timing, long started) : IDisposable
{
    public void Dispose() => timing.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started));
}

/// <summary>Events per second, written once per rate interval (field <c>per_second</c>, float).</summary>
public sealed class Rate : Metric
{
    private long _events;

    internal Rate(MetricsRecorder recorder, Series series) : base(recorder, series)
    {
    }

    public void Mark(long events = 1) => Interlocked.Add(ref _events, events);

    /// <summary>Takes the events counted since the last call.</summary>
    internal long TakeEvents() => Interlocked.Exchange(ref _events, 0);
}
