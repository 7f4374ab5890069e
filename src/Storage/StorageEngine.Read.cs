using Engine.Storage.Catalog;
using Engine.Storage.Segments;

namespace Engine.Storage;

public sealed partial class StorageEngine
{
    /// <summary>
    /// Streams the samples of one series in [<paramref name="startNs"/>, <paramref name="endNs"/>)
    /// in time order, a block at a time; never materializes the whole range.
    /// </summary>
    public IEnumerable<DecodedBlock> Read(Series series, long startNs = long.MinValue, long endNs = long.MaxValue)
    {
        ThrowIfDisposed();
        return _shards[series.Shard].Read(series, startNs, endNs);
    }

    /// <summary>What <see cref="Read(Series, long, long)"/> would touch, for EXPLAIN.</summary>
    public ReadPlan PlanRead(Series series, long startNs = long.MinValue, long endNs = long.MaxValue)
    {
        ThrowIfDisposed();
        return _shards[series.Shard].PlanRead(series, startNs, endNs);
    }

    /// <summary>The series a request selects, in id order.</summary>
    public IReadOnlyList<Series> SelectSeries(ReadRequest request)
    {
        IEnumerable<Series> selected = Index.SeriesOf(request.Measurement);
        foreach (var (key, value) in request.TagFilter)
        {
            var matching = Index.SeriesWithTag(request.Measurement, key, value).Select(s => s.Id).ToHashSet();
            selected = selected.Where(s => matching.Contains(s.Id));
        }

        if (request.Field is { } field)
        {
            selected = selected.Where(s => s.FieldKey == field);
        }

        return [.. selected.OrderBy(s => s.Id)];
    }

    /// <summary>Streams every selected series' samples, series by series, block by block.</summary>
    public IEnumerable<(Series Series, DecodedBlock Block)> Read(ReadRequest request)
    {
        foreach (var series in SelectSeries(request))
        {
            foreach (var block in Read(series, request.StartNs, request.EndNs))
            {
                yield return (series, block);
            }
        }
    }
}
