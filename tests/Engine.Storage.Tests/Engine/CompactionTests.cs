namespace Engine.Storage.Tests.Engine;

public sealed class CompactionTests
{
    [Fact]
    public void Compaction_merges_a_days_files_into_one_with_the_same_samples_in_fewer_bytes()
    {
        using var folder = new TempFolder();
        var options = TestData.QuietOptions with { ShardCount = 1 };
        using var engine = StorageEngine.Open(folder.Path, options);
        for (var flush = 0; flush < 6; flush++)
        {
            // Every flush writes a new file; the last one also overwrites a sample of the first.
            engine.Write(Enumerable.Range(0, 500).Select(i => TestData.Cpu("a", TestData.Start + (((flush * 500) + i) * 10_000_000_000L), i * 0.25)));
            engine.Flush();
        }

        engine.Write(TestData.Cpu("a", TestData.Start, 99));
        engine.Flush();
        var before = TestData.ReadAll(engine, "cpu", "a");
        var bytesBefore = SegmentBytes(folder.Path);
        var days = before.Select(p => Model.TimeMath.DayOf(p.Time)).Distinct().Count();

        Assert.Equal(days, engine.Compact());

        Assert.Equal(before, TestData.ReadAll(engine, "cpu", "a"));
        Assert.Equal(99, before[0].Value.AsFloat);
        Assert.Equal(days, Directory.GetFiles(Path.Combine(folder.Path, "segments"), "*.seg", SearchOption.AllDirectories).Length);
        Assert.True(SegmentBytes(folder.Path) < bytesBefore);
    }

    [Fact]
    public void A_read_in_progress_survives_the_compaction_of_its_files()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions with { ShardCount = 1 });
        for (var flush = 0; flush < 3; flush++)
        {
            engine.Write(Enumerable.Range(0, 100).Select(i => TestData.Cpu("a", TestData.Start + (flush * 1000) + i, i)));
            engine.Flush();
        }

        using var reader = engine.Read(new ReadRequest("cpu")).GetEnumerator();
        Assert.True(reader.MoveNext());
        engine.Compact();
        var count = reader.Current.Block.Count;
        while (reader.MoveNext())
        {
            count += reader.Current.Block.Count;
        }

        Assert.Equal(300, count);
    }

    private static long SegmentBytes(string root) =>
        Directory.GetFiles(Path.Combine(root, "segments"), "*.seg", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
