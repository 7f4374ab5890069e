using Engine.Storage.Model;
using MessagePack;

namespace Engine.Storage.Catalog;

/// <summary>
/// One persisted catalog entry, a MessagePack union: [kind, [fields...]]. Kinds and field keys
/// are positions in the format and are never reused. A tag set is written once, before the first
/// of its series, so that a tag set's key is not repeated for each of its fields.
/// </summary>
[Union(0, typeof(TagSetRecord))]
[Union(1, typeof(SeriesRecord))]
public abstract class CatalogRecord
{
}

/// <summary>A tag set: its catalog-local id and canonical <see cref="Catalog.TagSetKey"/> bytes.</summary>
[MessagePackObject]
public sealed class TagSetRecord : CatalogRecord
{
    [Key(0)]
    public uint TagSetId { get; set; }

    [Key(1)]
    public byte[] Key { get; set; } = [];
}

/// <summary>A series: its id, the tag set it belongs to, its field key and type.</summary>
[MessagePackObject]
public sealed class SeriesRecord : CatalogRecord
{
    /// <summary>The series id; unique and dense.</summary>
    [Key(0)]
    public uint Id { get; set; }

    /// <summary>Id of a <see cref="TagSetRecord"/> earlier in the file.</summary>
    [Key(1)]
    public uint TagSetId { get; set; }

    /// <summary>Unescaped field key.</summary>
    [Key(2)]
    public string FieldKey { get; set; } = string.Empty;

    [Key(3)]
    public FieldType Type { get; set; }
}
