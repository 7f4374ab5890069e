using Engine.Query.Aggregation;
using Engine.Query.Language;
using Engine.Query.Planning;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Rollups;

namespace Engine.Query.Execution;

/// <summary>
/// Reads the series of one group into one <see cref="BucketMap"/> per field: each series into its
/// own map, from the tiers the plan names, merged in series order; then seals the maps, computing
/// the medians and percentiles the select asks for.
/// </summary>
internal sealed class GroupReader
{
    private readonly StorageEngine _storage;
    private readonly RollupFileSet _rollups;
    private readonly TierPlan _tiers;
    private readonly BucketLayout _layout;
    private readonly ValueBudget _budget;
    private readonly CancellationToken _cancellation;
    private readonly HashSet<string> _fieldsSummed;
    private readonly Dictionary<string, (AggregateFunction Function, double Percent)[]> _orderStatistics;

    public GroupReader(StorageEngine storage, RollupFileSet rollups, TierPlan tiers, BucketLayout layout, IReadOnlyList<AggregateCall> calls, ValueBudget budget, CancellationToken cancellation)
    {
        _storage = storage;
        _rollups = rollups;
        _tiers = tiers;
        _layout = layout;
        _budget = budget;
        _cancellation = cancellation;
        _fieldsSummed = calls.Where(c => c.Function == AggregateFunction.Sum).Select(c => c.Argument.Name).ToHashSet(StringComparer.Ordinal);
        _orderStatistics = calls.Where(c => AggregateResult.NeedsValues(c.Function))
            .GroupBy(c => c.Argument.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => (c.Function, c.Parameter)).Distinct().ToArray(), StringComparer.Ordinal);
    }

    public Dictionary<string, BucketMap> Read(SeriesGroup group, IReadOnlyList<string> fields, bool seriesInParallel)
    {
        var maps = new Dictionary<string, BucketMap>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var series = group.SeriesOf(field);
            if (series.Count == 0)
            {
                continue;
            }

            BucketMap map;
            if (seriesInParallel && series.Count > 1)
            {
                var partials = new BucketMap[series.Count];
                AggregateSelect.InParallel(series.Count, i => partials[i] = ReadSeries(series[i], field), _cancellation);
                map = partials[0];
                foreach (var partial in partials.Skip(1))
                {
                    map.Merge(partial);
                }
            }
            else
            {
                // One series at a time: each one's sketches go back to the pool as it merges in.
                map = ReadSeries(series[0], field);
                foreach (var next in series.Skip(1))
                {
                    map.Merge(ReadSeries(next, field));
                }
            }

            map.Seal(_orderStatistics.GetValueOrDefault(field, []));
            maps.Add(field, map);
        }

        return maps;
    }

    private BucketMap ReadSeries(Series series, string field)
    {
        _cancellation.ThrowIfCancellationRequested();
        var map = new BucketMap(_layout, series.Type, _orderStatistics.ContainsKey(field) ? _budget : null, _fieldsSummed.Contains(field));
        foreach (var span in _tiers.SpansOf(series.Shard))
        {
            if (span.Tier == RetentionTier.Raw)
            {
                foreach (var block in _storage.ReadRetained(series, span.Start, span.End))
                {
                    map.Add(block);
                }
            }
            else
            {
                foreach (var record in _rollups.Read(series, span.RollupTier, span.Start, span.End, withSketches: _orderStatistics.ContainsKey(field)))
                {
                    map.AddRollup(record);
                }
            }
        }

        return map;
    }
}
