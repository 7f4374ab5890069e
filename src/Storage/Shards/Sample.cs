using Engine.Storage.Catalog;

namespace Engine.Storage.Shards;

/// <summary>One value of one series at one time, on its way into a shard.</summary>
internal struct Sample
{
    public Series Series;
    public long Timestamp;
    public ulong Bits;
    public string? Text;
}
