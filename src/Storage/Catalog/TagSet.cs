using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>
/// A measurement with one tag set: the unit of sharding. Holds its series (one per field key),
/// published copy-on-write so that writers find a known field without taking a lock.
/// </summary>
public sealed class TagSet
{
    private readonly Lock _fieldsLock = new();
    private volatile Series[] _fields = [];

    internal TagSet(byte[] key, int shard, uint catalogId)
    {
        CatalogId = catalogId;
        Key = key;
        Shard = shard;
        (Measurement, var tags) = TagSetKey.Decode(key);
        Tags = tags;
    }

    /// <summary>Id of this tag set's record in the catalog file.</summary>
    internal uint CatalogId { get; set; }

    /// <summary>Whether the catalog file holds this tag set's record; guarded by the catalog's persist lock.</summary>
    internal bool Persisted { get; set; }

    /// <summary>The canonical <see cref="TagSetKey"/> bytes.</summary>
    public byte[] Key { get; }

    public int Shard { get; }

    public string Measurement { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Tags { get; }

    public IReadOnlyList<Series> Fields => _fields;

    /// <summary>
    /// Finds the series of a field key (UTF-8, unescaped) without allocating, trying position
    /// <paramref name="hint"/> first: writers tend to send a tag set's fields in the same order.
    /// </summary>
    public Series? Find(ReadOnlySpan<byte> fieldKeyUtf8, int hint = -1)
    {
        var fields = _fields;
        if ((uint)hint < (uint)fields.Length && fieldKeyUtf8.SequenceEqual(fields[hint].FieldKeyUtf8))
        {
            return fields[hint];
        }

        foreach (var series in fields)
        {
            if (fieldKeyUtf8.SequenceEqual(series.FieldKeyUtf8))
            {
                return series;
            }
        }

        return null;
    }

    internal Series GetOrAdd(ReadOnlySpan<byte> fieldKeyUtf8, FieldType type, Func<TagSet, string, byte[], FieldType, Series> create)
    {
        lock (_fieldsLock)
        {
            if (Find(fieldKeyUtf8) is { } existing)
            {
                return existing;
            }

            var bytes = fieldKeyUtf8.ToArray();
            var series = create(this, System.Text.Encoding.UTF8.GetString(bytes), bytes, type);
            _fields = [.. _fields, series];
            return series;
        }
    }

    public override string ToString() =>
        Measurement + string.Concat(Tags.Select(t => $",{t.Key}={t.Value}"));
}
