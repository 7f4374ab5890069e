using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Rollups;

/// <summary>Turns raw samples into hourly records, and hourly records into daily ones.</summary>
internal static class RollupSummarizer
{
    /// <summary>
    /// Adds a run of one series' samples (in time order, after the runs added before) to the
    /// records in <paramref name="output"/> of the hours of <paramref name="hours"/> they fall in:
    /// to the series' last record when it is that hour's, else to a new one appended. Returns the
    /// samples added. New records come from <paramref name="pool"/>.
    /// </summary>
    public static long SummarizeHours(uint seriesId, FieldType type, SampleRun run, IReadOnlySet<long> hours, List<RollupRecord> output, RollupRecordPool pool)
    {
        var samples = 0L;
        var timestamps = run.Timestamps;
        var index = 0;
        while (index < timestamps.Length)
        {
            var hour = TimeMath.HourOf(timestamps[index]);
            var hourEnd = (hour + 1) * TimeMath.NanosPerHour;
            var runEnd = index + 1;
            while (runEnd < timestamps.Length && timestamps[runEnd] < hourEnd)
            {
                runEnd++;
            }

            if (hours.Contains(hour))
            {
                var start = hour * TimeMath.NanosPerHour;
                if (output.Count == 0 || output[^1].SeriesId != seriesId || output[^1].Start != start)
                {
                    output.Add(pool.Rent(seriesId, type, start));
                }

                Add(output[^1], run.Slice(index, runEnd));
                samples += runEnd - index;
            }

            index = runEnd;
        }

        return samples;
    }

    /// <summary>Merges records of one series (all of one type) into one record starting at <paramref name="start"/>.</summary>
    public static RollupRecord Merge(IReadOnlyList<RollupRecord> records, long start)
    {
        var type = records[0].Type;
        var merged = new RollupRecord(records[0].SeriesId, type, start, new SampleSummary(exactSum: true), NumericBits.IsNumeric(type) ? new QuantileSketch() : null);
        foreach (var record in records)
        {
            merged.Summary.Merge(record.Summary, type);
            if (record.Sketch is not null)
            {
                merged.Sketch!.Merge(record.Sketch);
            }
        }

        return merged;
    }

    private static void Add(RollupRecord record, SampleRun run)
    {
        record.Summary.Add(run.Type, run.Timestamps, run.Values, run.Strings);
        if (record.Sketch is { } sketch)
        {
            foreach (var bits in run.Values)
            {
                var value = NumericBits.ToDouble(run.Type, bits);
                if (!double.IsNaN(value))
                {
                    sketch.Add(value);
                }
            }
        }
    }
}
