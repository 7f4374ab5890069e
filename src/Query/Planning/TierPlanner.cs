using System.Globalization;
using Engine.Query.Execution;
using Engine.Query.Language;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Query.Planning;

/// <summary>
/// Chooses, per query and shard, the tier that answers each part of the time range. Rollups answer
/// aggregates whose buckets are whole hours or days: daily records for whole settled days when the
/// grouping is a multiple of a day, hourly records for other settled hours, raw samples for partial
/// hours at the range's edges, for hours still open or not yet rolled up, and for everything a
/// rollup cannot answer (raw selection, <c>percentile_exact</c>, grouping finer than an hour).
/// </summary>
/// <remarks>
/// A settled hour is one that closed (past <see cref="StorageEngine.ClosedBeforeHour"/>) and has no
/// samples waiting for its rollup, so its rollup equals its raw samples. No tier answers for time
/// past its retention: such parts are left out, or, for a query only raw samples can answer, refused
/// with an error naming the retention when data did exist there.
/// </remarks>
internal static class TierPlanner
{
    private const long Hour = TimeMath.NanosPerHour;
    private const long Day = TimeMath.NanosPerDay;

    public static TierPlan Plan(SelectPlan plan, StorageEngine storage)
    {
        var measurement = plan.Select.Measurement;
        var layout = BucketLayout.Of(plan.Select.GroupBy);
        var shards = plan.Series.Select(s => s.Shard).Distinct().Order().ToArray();
        var range = plan.Range;
        if (RawOnlyReason(plan, layout) is { } reason)
        {
            var rawSince = storage.RetainedSince(measurement, RetentionTier.Raw);
            if (shards.Length > 0 && range.HasStart && range.Start < rawSince && storage.HasPartitionsBetween(range.Start, rawSince))
            {
                throw RawExpired(storage, measurement, rawSince, reason);
            }

            TierSpan[] raw = range.End > rawSince ? [new(RetentionTier.Raw, Math.Max(range.Start, rawSince), range.End)] : [];
            return new TierPlan(shards.ToDictionary(s => s, _ => raw));
        }

        var window = new Window(storage, measurement, layout, range);
        return new TierPlan(shards.ToDictionary(s => s, s => window.SpansOf(s)));
    }

    /// <summary>Why only raw samples can answer the select, or null when rollups can.</summary>
    private static string? RawOnlyReason(SelectPlan plan, BucketLayout layout)
    {
        if (!plan.IsAggregate)
        {
            return "a raw selection reads raw samples only; aggregates read rollups when grouped by time(1h) or a multiple of it";
        }

        if (plan.Columns.SelectMany(c => c.Calls()).Any(c => c.Function == AggregateFunction.ExactPercentile))
        {
            return "percentile_exact reads raw samples only; percentile() reads the rollups' sketches";
        }

        return layout.IsMultipleOf(Hour)
            ? null
            : $"GROUP BY time({Durations.Format(layout.IntervalNs)}{(layout.OffsetNs != 0 ? $", {Durations.Format(layout.OffsetNs)}" : "")}) needs raw samples; rollups answer buckets of whole hours (time(1h) or a multiple, offsets of whole hours)";
    }

    private static QueryException RawExpired(StorageEngine storage, string measurement, long rawSince, string reason)
    {
        var days = storage.Options.Retention.For(measurement).Raw.TotalDays;
        var since = DateTimeOffset.UnixEpoch.AddTicks(rawSince / 100).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return new QueryException($"raw samples of '{measurement}' are kept {days.ToString(CultureInfo.InvariantCulture)} days, so none remain before {since}, and {reason}; start the time range at or after {since}");
    }

    /// <summary>The part of the range each tier can answer, with what the spans of every shard share.</summary>
    private sealed class Window
    {
        private readonly StorageEngine _storage;
        private readonly bool _dailyFits;
        private readonly long _rawSince;
        private readonly long _hourlySince;
        private readonly long _dailySince;
        private readonly long _start;
        private readonly long _end;
        private readonly long _settledEnd;

        public Window(StorageEngine storage, string measurement, BucketLayout layout, Execution.TimeRange range)
        {
            _storage = storage;
            _dailyFits = layout.IsMultipleOf(Day);
            _rawSince = storage.RetainedSince(measurement, RetentionTier.Raw);
            _hourlySince = storage.RetainedSince(measurement, RetentionTier.Hourly);
            _dailySince = storage.RetainedSince(measurement, RetentionTier.Daily);

            // Retention validation keeps daily the longest tier: nothing answers before it.
            _start = Math.Max(range.Start, Math.Min(_dailySince, Math.Min(_hourlySince, _rawSince)));
            _end = range.End;
            var closedBefore = storage.ClosedBeforeHour;
            _settledEnd = closedBefore > long.MaxValue / Hour ? _end : Math.Min(_end, closedBefore * Hour);
        }

        public TierSpan[] SpansOf(int shard)
        {
            var spans = new SpanList();
            if (_start < _settledEnd)
            {
                var firstHour = TimeMath.HourOf(_start);
                var pending = new PendingHourCursor(_storage.PendingHours(shard, firstHour, TimeMath.HourOf(_settledEnd - 1) + 1));
                for (var day = TimeMath.FloorDiv(_start, Day); day * Day < _settledEnd; day++)
                {
                    AddDay(spans, ref pending, day * Day);
                }
            }

            spans.Add(RetentionTier.Raw, Math.Max(_start, _settledEnd), _end);
            return spans.ToArray(_rawSince);
        }

        private void AddDay(SpanList spans, ref PendingHourCursor pending, long dayStart)
        {
            var dayEnd = dayStart + Day;
            if (_dailyFits && dayStart >= Math.Max(_start, _dailySince) && dayEnd <= _settledEnd && !pending.AnyBetween(dayStart / Hour, dayEnd / Hour))
            {
                spans.Add(RetentionTier.Daily, dayStart, dayEnd);
                return;
            }

            for (var hourStart = Math.Max(dayStart, TimeMath.HourOf(_start) * Hour); hourStart < Math.Min(dayEnd, _settledEnd); hourStart += Hour)
            {
                var hourEnd = hourStart + Hour;
                var settled = hourStart >= Math.Max(_start, _hourlySince) && hourEnd <= _settledEnd && !pending.AnyBetween(hourStart / Hour, hourEnd / Hour);
                spans.Add(settled ? RetentionTier.Hourly : RetentionTier.Raw, Math.Max(hourStart, _start), Math.Min(hourEnd, _settledEnd));
            }
        }
    }

    /// <summary>Spans in time order, a span adjacent to the last one of its tier extending it.</summary>
    private sealed class SpanList
    {
        private readonly List<TierSpan> _spans = [];

        public void Add(RetentionTier tier, long start, long end)
        {
            if (start >= end)
            {
                return;
            }

            if (_spans.Count > 0 && _spans[^1] is var last && last.Tier == tier && last.End == start)
            {
                _spans[^1] = last with { End = end };
            }
            else
            {
                _spans.Add(new TierSpan(tier, start, end));
            }
        }

        /// <summary>The spans, raw ones cut to the raw retention (earlier raw samples are never returned).</summary>
        public TierSpan[] ToArray(long rawSince) =>
            [.. _spans.Select(s => s.Tier == RetentionTier.Raw ? s with { Start = Math.Max(s.Start, rawSince) } : s).Where(s => s.Start < s.End)];
    }
}
