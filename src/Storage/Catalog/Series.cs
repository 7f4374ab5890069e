using Engine.Storage.Head;
using Engine.Storage.Model;

namespace Engine.Storage.Catalog;

/// <summary>
/// One series: a tag set plus one field key, with one value type for its whole life.
/// Created once per series and shared by the catalog, the tag index and the shard's head.
/// </summary>
public sealed class Series
{
    internal Series(uint id, TagSet tagSet, string fieldKey, byte[] fieldKeyUtf8, FieldType type)
    {
        Id = id;
        TagSet = tagSet;
        FieldKey = fieldKey;
        FieldKeyUtf8 = fieldKeyUtf8;
        Type = type;
        Head = new SeriesHead(type);
    }

    /// <summary>Dense, never reused identifier; the key of chunks and WAL records.</summary>
    public uint Id { get; }

    public TagSet TagSet { get; }

    public string Measurement => TagSet.Measurement;

    public IReadOnlyList<KeyValuePair<string, string>> Tags => TagSet.Tags;

    public string FieldKey { get; }

    internal byte[] FieldKeyUtf8 { get; }

    public FieldType Type { get; }

    public int Shard => TagSet.Shard;

    /// <summary>Open column buffers; touched only under the owning shard's writer lock.</summary>
    internal SeriesHead Head { get; }

    /// <summary>
    /// Whether the shard's WAL already holds this series' definition since the last checkpoint;
    /// guarded by the shard's writer lock.
    /// </summary>
    internal bool DefinedInWal { get; set; }

    public override string ToString() => $"{TagSet}#{FieldKey}";
}
