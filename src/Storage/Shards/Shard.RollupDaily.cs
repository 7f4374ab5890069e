using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Replaces the records of the built days in their month's daily file with
    /// <paramref name="daily"/> (the built days' records, merged from their hours), series by series.
    /// </summary>
    private void UpdateDaily(int month, HashSet<int> builtDays, List<RollupRecord> daily, RollupFileWriter writer)
    {
        var dailyPath = FileNames.RollupFile(_root, RollupTier.Daily, month, Id);
        daily.Sort(BySeriesThenStart);
        writer.Start(RollupTier.Daily, Id, month);
        bool written;
        using (var existing = OpenRollupFile(dailyPath, out var damaged))
        {
            written = !damaged && TryWriteMonth(existing, builtDays, daily, writer);
        }

        if (!written)
        {
            // The file is damaged: its other days come back from their hourly files.
            var kept = RebuildMonthFromHours(month, except: builtDays);
            kept.Sort(BySeriesThenStart);
            writer.Start(RollupTier.Daily, Id, month);
            WriteInStartOrder(kept, 0, kept.Count, daily, 0, daily.Count, writer);
            ReleaseSketches(kept, 0);
        }

        WriteRollupFile(RollupTier.Daily, month, writer);
        ReleaseSketches(daily, 0);
    }

    /// <summary>
    /// Writes a month's daily records: <paramref name="existing"/>'s of the days not built and the
    /// built ones (<paramref name="daily"/>, in file order). False, reported, when a block of
    /// <paramref name="existing"/> is damaged.
    /// </summary>
    private bool TryWriteMonth(RollupFile? existing, HashSet<int> builtDays, List<RollupRecord> daily, RollupFileWriter writer)
    {
        var kept = new List<RollupRecord>();
        var next = 0;
        foreach (var id in existing?.SeriesIds ?? [])
        {
            var first = next;
            while (next < daily.Count && daily[next].SeriesId < id)
            {
                next++;
            }

            WriteInStartOrder(kept, 0, 0, daily, first, next, writer); // series the file has no records of
            IReadOnlyList<RollupRecord> records;
            try
            {
                records = existing!.Read(id);
            }
            catch (CorruptDataException e)
            {
                RollupProblem?.Invoke(e);
                return false;
            }

            foreach (var record in records)
            {
                if (builtDays.Contains(TimeMath.DayOf(record.Start)))
                {
                    record.Sketch?.Release(); // replaced by the day built anew
                }
                else
                {
                    kept.Add(record);
                }
            }

            first = next;
            while (next < daily.Count && daily[next].SeriesId == id)
            {
                next++;
            }

            WriteInStartOrder(kept, 0, kept.Count, daily, first, next, writer);
            ReleaseSketches(kept, 0);
        }

        WriteInStartOrder(kept, 0, 0, daily, next, daily.Count, writer);
        return true;
    }

    /// <summary>Writes records [from, to) of two lists, each in file order, interleaved in file order.</summary>
    private static void WriteInStartOrder(List<RollupRecord> a, int aFrom, int aTo, List<RollupRecord> b, int bFrom, int bTo, RollupFileWriter writer)
    {
        while (aFrom < aTo || bFrom < bTo)
        {
            var fromA = bFrom == bTo || (aFrom < aTo && BySeriesThenStart(a[aFrom], b[bFrom]) < 0);
            writer.Add(fromA ? a[aFrom++] : b[bFrom++]);
        }
    }

    /// <summary>The daily records of a month's days (but those given) merged again from their hourly files, where those still exist.</summary>
    private List<RollupRecord> RebuildMonthFromHours(int month, IReadOnlyCollection<int> except)
    {
        var records = new List<RollupRecord>();
        for (var day = TimeMath.DayOf(TimeMath.MonthStart(month)); day < TimeMath.DayOf(TimeMath.MonthStart(month + 1)); day++)
        {
            if (except.Contains(day))
            {
                continue;
            }

            var hourly = ReadAllRollups(FileNames.RollupFile(_root, RollupTier.Hourly, day, Id));
            records.AddRange(hourly.GroupBy(r => r.SeriesId).Select(g => RollupSummarizer.Merge([.. g], TimeMath.DayStart(day))));
            ReleaseSketches(hourly, 0);
        }

        return records;
    }

    /// <summary>The records of a rollup file; none when it is damaged (reported).</summary>
    private List<RollupRecord> ReadAllRollups(string path)
    {
        try
        {
            using var file = RollupFile.TryOpen(path);
            return file is null ? [] : [.. file.ReadAll()];
        }
        catch (CorruptDataException e)
        {
            RollupProblem?.Invoke(e);
            return [];
        }
    }
}
