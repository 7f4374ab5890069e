using System.Collections.Concurrent;
using System.IO.Hashing;
using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>
/// Series key ↔ series id for the whole data folder, with the inverted <see cref="TagIndex"/>.
/// Lookups of known tag sets and fields are lock-free and allocation-free; creating a series takes
/// a lock. New series reach disk twice: in the WAL of their shard (before any sample that uses
/// them) and in <c>catalog/series.log</c> (before that WAL is truncated).
/// </summary>
public sealed class SeriesCatalog : IDisposable
{
    private readonly ConcurrentDictionary<byte[], TagSet> _tagSets = new(ByteKeyComparer.Instance);
    private readonly ConcurrentDictionary<byte[], TagSet>.AlternateLookup<ReadOnlySpan<byte>> _tagSetsBySpan;
    private readonly Lock _createLock = new();
    private readonly Lock _persistLock = new();
    private readonly int _shardCount;
    private readonly long _maxSeries;
    private readonly CatalogFile _file;
    private readonly List<Series> _unpersisted = [];
    private Series?[] _byId = new Series?[1024];
    private uint _nextId;
    private int _nextTagSetId;
    private int _count;

    private SeriesCatalog(CatalogFile file, int shardCount, long maxSeries)
    {
        _file = file;
        _shardCount = shardCount;
        _maxSeries = maxSeries;
        _tagSetsBySpan = _tagSets.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public TagIndex Index { get; } = new();

    public int Count => Volatile.Read(ref _count);

    internal long FileLength => _file.Length;

    /// <summary>A note about a repair made on open (a torn last record cut off), or null.</summary>
    public string? Repair { get; private init; }

    public static SeriesCatalog Open(string path, int shardCount, long maxSeries, bool readOnly = false)
    {
        var file = CatalogFile.Open(path, readOnly, out var records, out var repaired);
        var catalog = new SeriesCatalog(file, shardCount, maxSeries) { Repair = repaired };
        var tagSetKeys = new Dictionary<uint, byte[]>();
        foreach (var record in records)
        {
            switch (record)
            {
                case TagSetRecord tagSet:
                    tagSetKeys[tagSet.TagSetId] = tagSet.Key;
                    break;
                case SeriesRecord series when tagSetKeys.TryGetValue(series.TagSetId, out var key):
                    var restored = catalog.Restore(new SeriesDefinition(series.Id, key, series.FieldKey, series.Type), persisted: true);
                    restored.TagSet.CatalogId = series.TagSetId;
                    restored.TagSet.Persisted = true;
                    break;
                case SeriesRecord series:
                    throw new CorruptDataException($"series {series.Id} names tag set {series.TagSetId}, which the catalog does not define", path);
            }
        }

        catalog._nextTagSetId = tagSetKeys.Count == 0 ? catalog._nextTagSetId : Math.Max(catalog._nextTagSetId, (int)tagSetKeys.Keys.Max() + 1);
        return catalog;
    }

    /// <summary>The shard of a canonical tag-set key: XxHash64 of its bytes modulo the shard count.</summary>
    public static int ShardOf(ReadOnlySpan<byte> tagSetKey, int shardCount) =>
        (int)(XxHash64.HashToUInt64(tagSetKey) % (ulong)shardCount);

    public TagSet GetOrAddTagSet(ReadOnlySpan<byte> tagSetKey)
    {
        if (_tagSetsBySpan.TryGetValue(tagSetKey, out var existing))
        {
            return existing;
        }

        var key = tagSetKey.ToArray();
        return _tagSets.GetOrAdd(key, k => new TagSet(k, ShardOf(k, _shardCount), (uint)Interlocked.Increment(ref _nextTagSetId) - 1));
    }

    /// <summary>
    /// The series of a field within a tag set, created on first use. A field keeps the type it
    /// was first written with: another type is a <see cref="FieldTypeConflictException"/>.
    /// </summary>
    public Series GetOrAddSeries(TagSet tagSet, ReadOnlySpan<byte> fieldKeyUtf8, FieldType type)
    {
        var series = tagSet.Find(fieldKeyUtf8) ?? tagSet.GetOrAdd(fieldKeyUtf8, type, Create);
        if (series.Type != type)
        {
            throw new FieldTypeConflictException(series, type);
        }

        return series;
    }

    public Series? this[uint id] => id < (uint)_byId.Length ? Volatile.Read(ref _byId)[id] : null;

    /// <summary>Every series, in id order.</summary>
    public IEnumerable<Series> All()
    {
        var snapshot = Volatile.Read(ref _byId);
        foreach (var series in snapshot)
        {
            if (series is not null)
            {
                yield return series;
            }
        }
    }

    /// <summary>Re-creates a series known from the catalog file or a WAL definition record.</summary>
    internal Series Restore(SeriesDefinition definition, bool persisted)
    {
        if (this[definition.Id] is { } known)
        {
            if (known.Type != definition.Type || known.FieldKey != definition.FieldKey || !known.TagSet.Key.AsSpan().SequenceEqual(definition.TagSetKey))
            {
                throw new CorruptDataException($"series {definition.Id} is defined twice with different keys", _file.Path);
            }

            return known;
        }

        lock (_createLock)
        {
            var tagSet = GetOrAddTagSet(definition.TagSetKey);
            var series = new Series(definition.Id, tagSet, definition.FieldKey, System.Text.Encoding.UTF8.GetBytes(definition.FieldKey), definition.Type);
            tagSet.GetOrAdd(series.FieldKeyUtf8, definition.Type, (_, _, _, _) => series);
            Publish(series);
            _nextId = Math.Max(_nextId, definition.Id + 1);
            if (!persisted)
            {
                _unpersisted.Add(series);
            }

            return series;
        }
    }

    /// <summary>Appends every series created since the last call (and its tag set, once) to the catalog file, durably.</summary>
    public void Persist()
    {
        lock (_persistLock)
        {
            Series[] batch;
            lock (_createLock)
            {
                batch = [.. _unpersisted];
                _unpersisted.Clear();
            }

            var records = new List<CatalogRecord>();
            var newTagSets = new List<TagSet>();
            foreach (var series in batch)
            {
                var tagSet = series.TagSet;
                if (!tagSet.Persisted && !newTagSets.Contains(tagSet))
                {
                    newTagSets.Add(tagSet);
                    records.Add(new TagSetRecord { TagSetId = tagSet.CatalogId, Key = tagSet.Key });
                }

                records.Add(new SeriesRecord { Id = series.Id, TagSetId = tagSet.CatalogId, FieldKey = series.FieldKey, Type = series.Type });
            }

            _file.AppendDurably(records);
            newTagSets.ForEach(t => t.Persisted = true);
        }
    }

    public void Dispose() => _file.Dispose();

    private Series Create(TagSet tagSet, string fieldKey, byte[] fieldKeyUtf8, FieldType type)
    {
        lock (_createLock)
        {
            if (_count >= _maxSeries)
            {
                throw new SeriesLimitException(_maxSeries, tagSet, fieldKey);
            }

            var series = new Series(_nextId++, tagSet, fieldKey, fieldKeyUtf8, type);
            Publish(series);
            _unpersisted.Add(series);
            return series;
        }
    }

    private void Publish(Series series)
    {
        if (series.Id >= _byId.Length)
        {
            var grown = new Series?[Math.Max(_byId.Length * 2, (int)series.Id + 1)];
            _byId.CopyTo(grown, 0);
            Volatile.Write(ref _byId, grown);
        }

        _byId[series.Id] = series;
        _count++;
        Index.Add(series);
    }
}
