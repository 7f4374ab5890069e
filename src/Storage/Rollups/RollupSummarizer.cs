using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Rollups;

/// <summary>Turns raw samples into hourly records, and hourly records into daily ones.</summary>
internal static class RollupSummarizer
{
    /// <summary>
    /// Appends to <paramref name="output"/> one record per hour of <paramref name="hours"/> that
    /// the blocks (one series, in time order) have samples in.
    /// </summary>
    public static long SummarizeHours(uint seriesId, FieldType type, IEnumerable<DecodedBlock> blocks, IReadOnlySet<long> hours, List<RollupRecord> output)
    {
        RollupRecord? current = null;
        var samples = 0L;
        foreach (var block in blocks)
        {
            var timestamps = block.Timestamps;
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
                    if (current is null || current.Start != start)
                    {
                        current = new RollupRecord(seriesId, type, start, new SampleSummary(exactSum: true), NumericBits.IsNumeric(type) ? new QuantileSketch() : null);
                        output.Add(current);
                    }

                    Add(current, block, index, runEnd - index);
                    samples += runEnd - index;
                }

                index = runEnd;
            }
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

    private static void Add(RollupRecord record, DecodedBlock block, int from, int length)
    {
        var values = block.Values.AsSpan(from, length);
        record.Summary.Add(block.Type, block.Timestamps.AsSpan(from, length), values, block.Type == FieldType.String ? block.Strings.AsSpan(from, length) : []);
        if (record.Sketch is { } sketch)
        {
            foreach (var bits in values)
            {
                var value = NumericBits.ToDouble(block.Type, bits);
                if (!double.IsNaN(value))
                {
                    sketch.Add(value);
                }
            }
        }
    }
}
