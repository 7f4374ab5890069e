using Engine.Storage.Catalog;
using Engine.Storage.Model;
using Engine.Storage.Shards;
using Engine.Storage.Wal;

namespace Engine.Storage;

/// <summary>
/// Samples gathered for one write, already split by shard. Reuse one batch per writer thread
/// (<see cref="Clear"/> after each write): once its buffers have grown, adding a sample allocates
/// nothing. Not thread-safe.
/// </summary>
public sealed class WriteBatch
{
    private readonly Sample[][] _perShard;
    private readonly int[] _counts;
    private readonly int _maxEntryBytes;

    internal WriteBatch(int shardCount, int maxEntryBytes)
    {
        _maxEntryBytes = maxEntryBytes;
        _perShard = new Sample[shardCount][];
        _counts = new int[shardCount];
        for (var i = 0; i < shardCount; i++)
        {
            _perShard[i] = new Sample[64];
        }
    }

    /// <summary>Samples in the batch.</summary>
    public int Count { get; private set; }

    public void Add(Series series, long timestampNs, FieldValue value)
    {
        if (value.Type != series.Type)
        {
            throw new FieldTypeConflictException(series, value.Type);
        }

        Add(series, timestampNs, value.Bits, value.Text);
    }

    /// <summary>Adds a value in its raw form (see <see cref="FieldValue.Bits"/>); the caller has checked the type.</summary>
    /// <exception cref="ArgumentException">
    /// A string too long for one WAL entry (see <see cref="StorageEngine.CheckSampleSize"/>); nothing is added.
    /// </exception>
    public void Add(Series series, long timestampNs, ulong bits, string? text)
    {
        if (text is not null && WalEntryWriter.CheckSampleFits(series, text, _maxEntryBytes) is { } problem)
        {
            throw new ArgumentException(problem, nameof(text));
        }

        var shard = series.Shard;
        var samples = _perShard[shard];
        var count = _counts[shard];
        if (count == samples.Length)
        {
            Array.Resize(ref _perShard[shard], samples.Length * 2);
            samples = _perShard[shard];
        }

        ref var sample = ref samples[count];
        sample.Series = series;
        sample.Timestamp = timestampNs;
        sample.Bits = bits;
        sample.Text = text;
        _counts[shard] = count + 1;
        Count++;
    }

    public void Clear()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                // Drop references so that a reused batch does not keep strings alive.
                Array.Clear(_perShard[i], 0, _counts[i]);
                _counts[i] = 0;
            }
        }

        Count = 0;
    }

    internal ReadOnlySpan<Sample> SamplesOf(int shard) => _perShard[shard].AsSpan(0, _counts[shard]);
}
