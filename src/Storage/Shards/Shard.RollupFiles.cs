using Engine.Storage.IO;
using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>Orders records by series, then start: the order of a rollup file.</summary>
    private static readonly Comparison<RollupRecord> BySeriesThenStart =
        static (a, b) => a.SeriesId != b.SeriesId ? a.SeriesId.CompareTo(b.SeriesId) : a.Start.CompareTo(b.Start);

    /// <summary>Opens a rollup file; null when there is none, or (reported, <paramref name="damaged"/>) when its header or footer is damaged.</summary>
    private RollupFile? OpenRollupFile(string path, out bool damaged)
    {
        damaged = false;
        if (!File.Exists(path))
        {
            return null; // the usual case for a new day or month: TryOpen would find out by a thrown exception
        }

        try
        {
            return RollupFile.TryOpen(path);
        }
        catch (CorruptDataException e)
        {
            damaged = true;
            RollupProblem?.Invoke(e);
            return null;
        }
    }

    /// <summary>Gives the sketches of records from <paramref name="from"/> on back to the pool, and drops the records.</summary>
    private static void ReleaseSketches(List<RollupRecord> records, int from)
    {
        for (var i = from; i < records.Count; i++)
        {
            records[i].Sketch?.Release();
        }

        records.RemoveRange(from, records.Count - from);
    }

    /// <summary>Damage found in a rollup file while rebuilding (the file is rebuilt from what remains).</summary>
    public event Action<CorruptDataException>? RollupProblem;

    /// <summary>
    /// Writes the writer's file of a partition (tmp, fsync, rename), or deletes the file when it has
    /// no records; then tells the open-file cache, before the hours are marked built, so that a query
    /// planning to read them takes the new file.
    /// </summary>
    private void WriteRollupFile(RollupTier tier, int partition, RollupFileWriter writer)
    {
        var path = FileNames.RollupFile(_root, tier, partition, Id);
        if (writer.IsEmpty)
        {
            File.Delete(path);
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            AtomicFile.Write(path, writer.Finish());
        }

        _rollupFiles.Replaced(tier, partition, Id);
    }
}
