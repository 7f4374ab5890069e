using Engine.Storage.IO;

namespace Engine.Storage;

public sealed partial class StorageEngine
{
    /// <summary>Counts series, samples and bytes per shard and per measurement. Reads footers only.</summary>
    public StorageStats CollectStats()
    {
        ThrowIfDisposed();
        var shards = new List<ShardStats>();
        var measurements = new Dictionary<string, (long Series, long Samples, long Bytes)>(StringComparer.Ordinal);
        foreach (var shard in _shards)
        {
            var usage = shard.CollectSeriesUsage();
            long samples = 0, encodedBytes = 0;
            foreach (var (id, (seriesSamples, bytes)) in usage)
            {
                samples += seriesSamples;
                encodedBytes += bytes;

                if (Catalog[id] is { } series)
                {
                    measurements.TryGetValue(series.Measurement, out var m);
                    measurements[series.Measurement] = (m.Series, m.Samples + seriesSamples, m.Bytes + bytes);
                }
            }

            var encodedSamples = samples - shard.HeadSamples();
            var segments = shard.Segments;
            var seriesCount = Catalog.All().LongCount(s => s.Shard == shard.Id);
            shards.Add(new ShardStats(shard.Id, seriesCount, samples, encodedSamples, encodedBytes,
                segments.Count, segments.Sum(s => s.Length), shard.WalBytesOnDisk()));
        }

        foreach (var series in Catalog.All())
        {
            measurements.TryGetValue(series.Measurement, out var m);
            measurements[series.Measurement] = (m.Series + 1, m.Samples, m.Bytes);
        }

        var catalogFile = new FileInfo(Path.Combine(Root, FileNames.CatalogDirectory, FileNames.CatalogLog));
        return new StorageStats(shards, [.. measurements.OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new MeasurementStats(m.Key, m.Value.Series, m.Value.Samples, m.Value.Bytes))])
        {
            CatalogBytes = catalogFile.Exists ? catalogFile.Length : 0,
        };
    }
}
