using Engine.Storage.Model;
using MessagePack;

namespace Engine.Storage.Catalog;

/// <summary>One persisted catalog entry (MessagePack array, keys are positions and never reused).</summary>
[MessagePackObject]
public sealed class SeriesRecord
{
    /// <summary>The series id; unique and dense.</summary>
    [Key(0)]
    public uint Id { get; set; }

    /// <summary>Canonical <see cref="TagSetKey"/> bytes.</summary>
    [Key(1)]
    public byte[] TagSetKey { get; set; } = [];

    /// <summary>Unescaped field key.</summary>
    [Key(2)]
    public string FieldKey { get; set; } = string.Empty;

    [Key(3)]
    public FieldType Type { get; set; }
}
