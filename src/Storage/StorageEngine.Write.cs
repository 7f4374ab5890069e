using System.Diagnostics;
using Engine.Storage.Catalog;
using Engine.Storage.Diagnostics;
using Engine.Storage.Model;

namespace Engine.Storage;

public sealed partial class StorageEngine
{
    [ThreadStatic]
    private static TagSetKeyBuilder? t_keyBuilder;

    /// <summary>How long durable writes wait for their WAL commits (a write touching several shards counts once).</summary>
    public LatencyHistogram DurableCommitWait { get; } = new();

    /// <summary>Samples written into each shard since open (not counting WAL replay).</summary>
    public long[] SamplesWrittenPerShard() => [.. _shards.Select(s => s.SamplesWritten)];

    /// <summary>Samples in heads, not yet encoded into chunks.</summary>
    public long HeadSamples() => _shards.Sum(s => s.HeadSamples());

    /// <summary>A batch sized for this folder's shards; reuse it per writer thread.</summary>
    public WriteBatch CreateBatch() => new(_shards.Length, MaxWalEntryBytes);

    /// <summary>
    /// The largest WAL entry, from <see cref="Wal.WalOptions.PageSizeBits"/>: a write is split into
    /// entries of at most this many bytes, and one sample, with its series' definition, must fit in one.
    /// </summary>
    public int MaxWalEntryBytes => _shards[0].Wal.MaxEntryBytes;

    /// <summary>
    /// Null when one sample of <paramref name="series"/> (with <paramref name="text"/> for a string
    /// field) fits in one WAL entry; otherwise why not, naming the limit. Writing a sample that does
    /// not fit is an <see cref="ArgumentException"/>.
    /// </summary>
    public string? CheckSampleSize(Series series, string? text) => Wal.WalEntryWriter.CheckSampleFits(series, text, MaxWalEntryBytes);

    /// <summary>The tag set of a canonical key (see <see cref="TagSetKey"/>), created on first use.</summary>
    public TagSet ResolveTagSet(ReadOnlySpan<byte> tagSetKey) => Catalog.GetOrAddTagSet(tagSetKey);

    /// <summary>The series of a field within a tag set, created on first use.</summary>
    /// <exception cref="FieldTypeConflictException">The field exists with another type.</exception>
    /// <exception cref="SeriesLimitException">The folder holds <see cref="StorageOptions.MaxSeries"/> series.</exception>
    public Series ResolveSeries(TagSet tagSet, ReadOnlySpan<byte> fieldKeyUtf8, FieldType type) =>
        Catalog.GetOrAddSeries(tagSet, fieldKeyUtf8, type);

    /// <summary>
    /// Writes a batch. With <paramref name="durable"/> the call returns once the batch is committed
    /// to the WAL (many writers share one commit); otherwise it is committed within
    /// <see cref="StorageOptions.CommitInterval"/>.
    /// </summary>
    public void Write(WriteBatch batch, bool durable = false)
    {
        var waits = WriteToShards(batch, durable);
        if (waits is not null)
        {
            var started = Stopwatch.GetTimestamp();
            Task.WaitAll(waits);
            DurableCommitWait.Observe(started);
        }
    }

    /// <summary>Like <see cref="Write(WriteBatch, bool)"/>, awaiting the commit instead of blocking.</summary>
    public async Task WriteAsync(WriteBatch batch, bool durable = false)
    {
        var waits = WriteToShards(batch, durable);
        if (waits is not null)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(waits).ConfigureAwait(false);
            DurableCommitWait.Observe(started);
        }
    }

    /// <summary>Writes points (the convenient, allocating way; hot paths use a <see cref="WriteBatch"/>).</summary>
    public void Write(IEnumerable<Point> points, bool durable = false)
    {
        var batch = CreateBatch();
        foreach (var point in points)
        {
            AddPoint(batch, point);
        }

        Write(batch, durable);
    }

    public void Write(Point point, bool durable = false) => Write([point], durable);

    /// <summary>Adds every field of a point to a batch, resolving (or creating) its series.</summary>
    public void AddPoint(WriteBatch batch, Point point)
    {
        var builder = t_keyBuilder ??= new TagSetKeyBuilder();
        builder.Reset(System.Text.Encoding.UTF8.GetBytes(point.Measurement));
        foreach (var (key, value) in point.Tags)
        {
            builder.AddTag(System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(value));
        }

        var tagSet = ResolveTagSet(builder.Build());
        foreach (var (field, value) in point.Fields)
        {
            var series = ResolveSeries(tagSet, System.Text.Encoding.UTF8.GetBytes(field), value.Type);
            batch.Add(series, point.TimestampNs, value);
        }
    }

    /// <summary>Commits every shard's WAL and waits: everything written so far survives a crash.</summary>
    public void Commit()
    {
        ThrowIfReadOnly();
        foreach (var shard in _shards)
        {
            shard.Wal.CommitAndWait();
        }
    }

    /// <summary>Commits, then writes every head and sealed chunk to segment files and truncates the WALs.</summary>
    public void Flush()
    {
        ThrowIfReadOnly();
        FlushShards();
    }

    private void FlushShards()
    {
        foreach (var shard in _shards)
        {
            shard.Checkpoint(Catalog);
            shard.Wal.CommitAndWait();
        }
    }

    /// <summary>
    /// Writes each shard's part of a batch. Shards whose writer lock is taken are skipped on a
    /// first pass and written on a second, so that two writers do not queue up behind each other
    /// shard after shard.
    /// </summary>
    private List<Task>? WriteToShards(WriteBatch batch, bool durable)
    {
        ThrowIfReadOnly();
        List<Task>? waits = durable ? [] : null;
        Span<bool> skipped = stackalloc bool[_shards.Length];
        var anySkipped = false;
        for (var i = 0; i < _shards.Length; i++)
        {
            var samples = batch.SamplesOf(i);
            if (samples.IsEmpty)
            {
                continue;
            }

            if (_shards[i].TryWrite(samples, out var until))
            {
                AwaitCommit(_shards[i], until, waits);
            }
            else
            {
                skipped[i] = anySkipped = true;
            }
        }

        for (var i = 0; anySkipped && i < _shards.Length; i++)
        {
            if (skipped[i])
            {
                AwaitCommit(_shards[i], _shards[i].Write(batch.SamplesOf(i)), waits);
            }
        }

        return waits;
    }

    private static void AwaitCommit(Shards.Shard shard, long until, List<Task>? waits)
    {
        if (waits is not null)
        {
            shard.Wal.Commit();
            waits.Add(shard.Wal.WaitForCommitAsync(until).AsTask());
        }
    }
}
