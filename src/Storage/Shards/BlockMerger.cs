using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

/// <summary>Merges overlapping blocks of one series into one time-ordered block; newer sources win ties.</summary>
internal static class BlockMerger
{
    public static DecodedBlock Merge(IReadOnlyList<ChunkSource> sources, Func<ChunkSource, DecodedBlock> decode)
    {
        var blocks = sources.OrderBy(s => s.Precedence).Select(decode).ToArray();
        var total = blocks.Sum(b => b.Count);
        var type = blocks[0].Type;
        var order = new (long Timestamp, int Rank, int Block, int Index)[total];
        var n = 0;
        for (var b = 0; b < blocks.Length; b++)
        {
            for (var i = 0; i < blocks[b].Count; i++)
            {
                order[n++] = (blocks[b].Timestamps[i], b, b, i);
            }
        }

        Array.Sort(order);
        var timestamps = new List<long>(total);
        var values = new List<ulong>(total);
        var strings = new List<string?>(type == FieldType.String ? total : 0);
        for (var k = 0; k < total; k++)
        {
            if (k + 1 < total && order[k + 1].Timestamp == order[k].Timestamp)
            {
                continue; // a newer source has the same timestamp
            }

            var (timestamp, _, block, index) = order[k];
            timestamps.Add(timestamp);
            values.Add(blocks[block].Values[index]);
            if (type == FieldType.String)
            {
                strings.Add(blocks[block].Strings[index]);
            }
        }

        return new DecodedBlock(type, [.. timestamps], [.. values], [.. strings]);
    }
}
