using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Rollups;

namespace Engine.Storage.Tests.Rollups;

/// <summary>The rollup files kept open between queries: shared while current, replaced when rewritten, bounded in number.</summary>
public sealed class RollupFileCacheTests
{
    private const int Day = 20_500;
    private const int Shard = 2;

    [Fact]
    public void Readers_share_one_open_file_until_the_builder_replaces_it_and_keep_the_version_they_took()
    {
        using var folder = new TempFolder();
        Write(folder.Path, Day, Shard, count: 1);
        using var cache = new RollupFileCache(folder.Path);

        var first = cache.Acquire(RollupTier.Hourly, Day, Shard)!;
        var again = cache.Acquire(RollupTier.Hourly, Day, Shard)!;
        Write(folder.Path, Day, Shard, count: 2);
        cache.Replaced(RollupTier.Hourly, Day, Shard);
        var replaced = cache.Acquire(RollupTier.Hourly, Day, Shard)!;

        Assert.Same(first, again);
        Assert.NotSame(first, replaced);
        Assert.Equal(1, CountOf(first));
        Assert.Equal(2, CountOf(replaced));
        first.Release();
        Assert.Equal(1, CountOf(again));
        again.Release();
        Assert.Throws<ObjectDisposedException>(() => CountOf(first));
        replaced.Release();
    }

    [Fact]
    public void The_cache_keeps_at_most_its_capacity_open_and_an_evicted_file_stays_readable_for_its_holder()
    {
        using var folder = new TempFolder();
        foreach (var shard in new[] { 0, 1, 2 })
        {
            Write(folder.Path, Day, shard, count: shard + 1);
        }

        using var cache = new RollupFileCache(folder.Path, capacity: 2);

        var held = cache.Acquire(RollupTier.Hourly, Day, 0)!;
        cache.Acquire(RollupTier.Hourly, Day, 1)!.Release();
        cache.Acquire(RollupTier.Hourly, Day, 2)!.Release();

        Assert.Equal(2, cache.OpenCount);
        Assert.Equal(1, CountOf(held));
        held.Release();
        Assert.Throws<ObjectDisposedException>(() => CountOf(held));
    }

    [Fact]
    public void Partitions_are_listed_again_after_a_file_is_written_or_a_partition_dropped()
    {
        using var folder = new TempFolder();
        Write(folder.Path, Day, Shard, count: 1);
        using var cache = new RollupFileCache(folder.Path);
        Assert.Equal([Day], cache.Partitions(RollupTier.Hourly));

        Write(folder.Path, Day + 1, Shard, count: 1);
        Assert.Equal([Day], cache.Partitions(RollupTier.Hourly));
        cache.Replaced(RollupTier.Hourly, Day + 1, Shard);
        Assert.Equal([Day, Day + 1], cache.Partitions(RollupTier.Hourly));

        var dropped = cache.Acquire(RollupTier.Hourly, Day, Shard)!;
        Directory.Delete(FileNames.RollupPartitionDirectory(folder.Path, RollupTier.Hourly, Day), recursive: true);
        cache.Dropped(RollupTier.Hourly, Day);

        Assert.Equal([Day + 1], cache.Partitions(RollupTier.Hourly));
        Assert.Null(cache.Acquire(RollupTier.Hourly, Day, Shard));
        Assert.Equal(1, CountOf(dropped));
        dropped.Release();
    }

    private static int CountOf(SharedRollupFile file) => (int)file.File.Read(7).Single().Summary.Count;

    /// <summary>A file of one float series with one hour of <paramref name="count"/> samples.</summary>
    private static void Write(string root, int day, int shard, int count)
    {
        var start = RollupTier.Hourly.PartitionStart(day);
        var summary = new SampleSummary(exactSum: true);
        summary.Add(FieldType.Float, [.. Enumerable.Range(0, count).Select(i => start + i)], [.. Enumerable.Repeat(BitConverter.DoubleToUInt64Bits(1.5), count)], []);
        var sketch = new QuantileSketch();
        sketch.Add(1.5);
        var path = FileNames.RollupFile(root, RollupTier.Hourly, day, shard);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        AtomicFile.Write(path, RollupFileFormat.Serialize(RollupTier.Hourly, shard, day, [new RollupRecord(7, FieldType.Float, start, summary, sketch)]));
    }
}
