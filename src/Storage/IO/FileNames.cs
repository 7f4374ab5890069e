using System.Globalization;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.IO;

/// <summary>
/// Every file and folder name inside a data folder, in one place (docs/file-format.md lists them).
/// <code>
/// data/
///   LOCK                              owner process (advisory lock)
///   engine.meta                       format version and shard count
///   catalog/series.log                series catalog records
///   wal/shard-NN/                     FasterLog files and commit records of shard NN
///   segments/YYYYMMDD/shard-NN-GGGGGGGGGG.seg   immutable chunks of shard NN for one UTC day
///   rollups/hourly/YYYYMMDD/shard-NN.rollup      hourly rollups of shard NN for one UTC day
///   rollups/daily/YYYYMM/shard-NN.rollup         daily rollups of shard NN for one UTC month
///   rollups/pending/shard-NN.pending             hours of shard NN waiting for their rollups
/// </code>
/// </summary>
public static class FileNames
{
    public const string Lock = "LOCK";
    public const string Meta = "engine.meta";
    public const string CatalogDirectory = "catalog";
    public const string CatalogLog = "series.log";
    public const string WalDirectory = "wal";
    public const string SegmentsDirectory = "segments";
    public const string SegmentExtension = ".seg";
    public const string RollupsDirectory = "rollups";
    public const string RollupExtension = ".rollup";

    public static string WalShardDirectory(string root, int shard) =>
        Path.Combine(root, WalDirectory, $"shard-{shard:D2}");

    public static string PartitionDirectory(string root, int day) =>
        Path.Combine(root, SegmentsDirectory, DayName(day));

    public static string SegmentFile(string root, int day, int shard, long generation) =>
        Path.Combine(PartitionDirectory(root, day), $"shard-{shard:D2}-{generation:D10}{SegmentExtension}");

    public static string RollupTierDirectory(string root, RollupTier tier) => Path.Combine(root, RollupsDirectory, tier.Name());

    /// <summary>The folder of one rollup partition: a day (YYYYMMDD) of hours, or a month (YYYYMM) of days.</summary>
    public static string RollupPartitionDirectory(string root, RollupTier tier, int partition) =>
        Path.Combine(RollupTierDirectory(root, tier), tier == RollupTier.Hourly ? DayName(partition) : MonthName(partition));

    public static string RollupFile(string root, RollupTier tier, int partition, int shard) =>
        Path.Combine(RollupPartitionDirectory(root, tier, partition), $"shard-{shard:D2}{RollupExtension}");

    /// <summary>Reads a rollup partition folder's name back into its partition number, or false for a foreign folder.</summary>
    public static bool TryParseRollupPartition(RollupTier tier, string name, out int partition)
    {
        partition = 0;
        var format = tier == RollupTier.Hourly ? "yyyyMMdd" : "yyyyMM";
        if (!DateOnly.TryParseExact(name, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return false;
        }

        partition = tier == RollupTier.Hourly ? date.DayNumber - UnixEpochDayNumber : ((date.Year - 1970) * 12) + date.Month - 1;
        return true;
    }

    public static string PendingHoursFile(string root, int shard) =>
        Path.Combine(root, RollupsDirectory, "pending", $"shard-{shard:D2}.pending");

    /// <summary>Month number (months since January 1970) as YYYYMM.</summary>
    public static string MonthName(int month) =>
        DateOnly.FromDayNumber(UnixEpochDayNumber + TimeMath.DayOf(TimeMath.MonthStart(month))).ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>Day number (days since 1970-01-01 UTC) as YYYYMMDD.</summary>
    public static string DayName(int day) =>
        DateOnly.FromDayNumber(UnixEpochDayNumber + day).ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Reads shard and generation from a segment file name, or false for a foreign file.</summary>
    public static bool TryParseSegmentName(string fileName, out int shard, out long generation)
    {
        shard = 0;
        generation = 0;
        // shard-NN-GGGGGGGGGG.seg
        if (!fileName.StartsWith("shard-", StringComparison.Ordinal) || !fileName.EndsWith(SegmentExtension, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = fileName[6..^SegmentExtension.Length].Split('-');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out shard)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out generation);
    }

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;
}
