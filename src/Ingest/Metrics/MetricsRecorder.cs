using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Ingest.Metrics;

/// <summary>
/// The in-process metrics API. An emit puts one small struct on a bounded queue and returns: it
/// never waits for I/O or locks shared with the storage writer. A background writer drains the
/// queue into write batches. When the queue is full an emit is dropped and counted in
/// <see cref="Dropped"/>, never lost silently.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly StorageEngine _storage;
    private readonly MetricsOptions _options;
    private readonly Channel<Emitted> _queue;
    private readonly ConcurrentDictionary<string, Metric> _metrics = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Rate> _rates = [];
    private readonly Task _writer;
    private readonly long _clockBaseNs = TimeMath.NowNs();
    private readonly long _clockBaseTicks = Stopwatch.GetTimestamp();
    private long _emitted;
    private long _dropped;
    private long _drained;
    private TaskCompletionSource _progress = NewProgress();

    internal MetricsRecorder(StorageEngine storage, MetricsOptions options)
    {
        _storage = storage;
        _options = options;
        _queue = Channel.CreateBounded<Emitted>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once, and we count the drop
        });
        _writer = Task.Run(WriteLoop);
    }

    /// <summary>Emits dropped because the queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>Emits handed to storage so far.</summary>
    public long Written => Volatile.Read(ref _drained);

    public Counter Counter(string name, params (string Key, string Value)[] tags) =>
        GetOrAdd(name, tags, "count", FieldType.Integer, series => new Counter(this, series));

    public Gauge Gauge(string name, params (string Key, string Value)[] tags) =>
        GetOrAdd(name, tags, "value", FieldType.Float, series => new Gauge(this, series));

    public Timing Timing(string name, params (string Key, string Value)[] tags) =>
        GetOrAdd(name, tags, "duration_ms", FieldType.Float, series => new Timing(this, series));

    public Rate Rate(string name, params (string Key, string Value)[] tags) =>
        GetOrAdd(name, tags, "per_second", FieldType.Float, series =>
        {
            var rate = new Rate(this, series);
            _rates.Add(rate);
            return rate;
        });

    /// <summary>Waits until everything emitted before the call has been handed to storage.</summary>
    public async Task DrainAsync()
    {
        var target = Interlocked.Read(ref _emitted);
        while (true)
        {
            var progress = Volatile.Read(ref _progress);
            if (Volatile.Read(ref _drained) + Volatile.Read(ref _dropped) >= target)
            {
                return;
            }

            await progress.Task.ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    internal void Emit(Metric metric, ulong bits)
    {
        Interlocked.Increment(ref _emitted);
        if (!_queue.Writer.TryWrite(new Emitted(metric, NowNs(), bits)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private long NowNs() => _clockBaseNs + (long)Stopwatch.GetElapsedTime(_clockBaseTicks).Ticks * 100;

    private T GetOrAdd<T>(string name, (string Key, string Value)[] tags, string field, FieldType type, Func<Series, T> create)
        where T : Metric
    {
        var key = name + "\0" + string.Join("\0", tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.Key + "=" + t.Value));
        var metric = _metrics.GetOrAdd(key, _ =>
        {
            var tagSet = _storage.ResolveTagSet(TagSetKey.Encode(name, [.. tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value))]));
            return create(_storage.ResolveSeries(tagSet, System.Text.Encoding.UTF8.GetBytes(field), type));
        });
        return metric as T ?? throw new InvalidOperationException($"metric '{name}' with these tags is a {metric.GetType().Name}, not a {typeof(T).Name}");
    }

    private async Task WriteLoop()
    {
        var batch = _storage.CreateBatch();
        var reader = _queue.Reader;
        var nextRates = Stopwatch.GetTimestamp();
        var rateTicks = (long)(_options.RateInterval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var more = await WaitForWork(reader, nextRates).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            if (now >= nextRates)
            {
                AddRates(batch, (double)(now - nextRates + rateTicks) / Stopwatch.Frequency);
                nextRates = now + rateTicks;
            }

            var drained = 0;
            while (reader.TryRead(out var item))
            {
                Add(batch, item.Metric, item.TimestampNs, item.Bits);
                drained++;
                if (batch.Count >= 8192)
                {
                    Flush(batch);
                }
            }

            Flush(batch);
            Interlocked.Add(ref _drained, drained);
            Interlocked.Exchange(ref _progress, NewProgress()).TrySetResult();
            if (!more)
            {
                return;
            }
        }
    }

    private async Task<bool> WaitForWork(ChannelReader<Emitted> reader, long nextRates)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), nextRates);
        if (wait <= TimeSpan.Zero || _rates.IsEmpty)
        {
            return _rates.IsEmpty ? await reader.WaitToReadAsync().ConfigureAwait(false) : true;
        }

        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return true; // time for the rates
        }
    }

    private void AddRates(WriteBatch batch, double seconds)
    {
        var now = NowNs();
        foreach (var rate in _rates)
        {
            Add(batch, rate, now, BitConverter.DoubleToUInt64Bits(rate.TakeEvents() / seconds));
        }
    }

    /// <summary>Keeps each series' timestamps strictly increasing, so that two emits within one clock tick both survive.</summary>
    private static void Add(WriteBatch batch, Metric metric, long timestampNs, ulong bits)
    {
        if (timestampNs <= metric.LastWrittenNs)
        {
            timestampNs = metric.LastWrittenNs + 1;
        }

        metric.LastWrittenNs = timestampNs;
        batch.Add(metric.Series, timestampNs, bits, null);
    }

    private void Flush(WriteBatch batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        _storage.Write(batch);
        batch.Clear();
    }

    private static TaskCompletionSource NewProgress() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly record struct Emitted(Metric Metric, long TimestampNs, ulong Bits);
}
