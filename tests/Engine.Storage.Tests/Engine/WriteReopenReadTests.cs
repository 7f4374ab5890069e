using Engine.Storage.Model;

namespace Engine.Storage.Tests.Engine;

public sealed class WriteReopenReadTests
{
    [Fact]
    public void Points_written_are_read_back_before_and_after_reopen()
    {
        using var folder = new TempFolder();
        var expected = Enumerable.Range(0, 20_000).Select(i => (Time: TestData.Start + (i * 10_000_000_000L), Value: i * 0.25)).ToList();
        using (var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions))
        {
            engine.Write(expected.Select(e => TestData.Cpu("a", e.Time, e.Value)));
            AssertEqual(expected, TestData.ReadAll(engine, "cpu", "a"));
        }

        using (var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions))
        {
            AssertEqual(expected, TestData.ReadAll(engine, "cpu", "a"));
            Assert.Equal(0, engine.ReplayedSamples); // dispose flushed everything into segments
        }
    }

    [Fact]
    public void Unflushed_committed_writes_come_back_from_the_wal()
    {
        using var folder = new TempFolder();
        var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        engine.Write([TestData.Cpu("a", TestData.Start, 1.5), TestData.Cpu("b", TestData.Start, 2.5)], durable: true);
        AbandonWithoutFlush(engine);

        using var reopened = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        Assert.Equal(2, reopened.ReplayedSamples);
        Assert.Equal([(TestData.Start, FieldValue.Float(1.5))], TestData.ReadAll(reopened, "cpu", "a"));
        Assert.Equal([(TestData.Start, FieldValue.Float(2.5))], TestData.ReadAll(reopened, "cpu", "b"));
    }

    [Fact]
    public void Out_of_order_and_duplicate_writes_land_in_place_and_the_last_write_wins()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        var t = TestData.Start;
        engine.Write([TestData.Cpu("a", t + 30, 3), TestData.Cpu("a", t + 10, 1), TestData.Cpu("a", t + 20, 2)]);
        engine.Flush();
        // Late data into flushed ranges, and an overwrite of a flushed sample, and of a head sample.
        engine.Write([TestData.Cpu("a", t + 15, 1.5), TestData.Cpu("a", t + 20, 22), TestData.Cpu("a", t + 40, 4), TestData.Cpu("a", t + 40, 44)]);
        var expected = new (long, FieldValue)[]
        {
            (t + 10, FieldValue.Float(1)), (t + 15, FieldValue.Float(1.5)), (t + 20, FieldValue.Float(22)),
            (t + 30, FieldValue.Float(3)), (t + 40, FieldValue.Float(44)),
        };
        Assert.Equal(expected, TestData.ReadAll(engine, "cpu", "a"));
        engine.Flush();
        Assert.Equal(expected, TestData.ReadAll(engine, "cpu", "a"));
    }

    [Fact]
    public void Every_field_type_round_trips_through_wal_and_segments()
    {
        using var folder = new TempFolder();
        var values = new[]
        {
            ("f", FieldValue.Float(double.NaN)), ("f2", FieldValue.Float(-0.0)), ("i", FieldValue.Integer(long.MinValue)),
            ("u", FieldValue.Unsigned(ulong.MaxValue)), ("b", FieldValue.Boolean(true)), ("s", FieldValue.String("héllo \"world\"\n")),
        };
        var point = new Point("m", [new("k", "v")], values.Select(v => new KeyValuePair<string, FieldValue>(v.Item1, v.Item2)), TestData.Start);
        var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        engine.Write(point, durable: true);
        AbandonWithoutFlush(engine);
        foreach (var flush in new[] { false, true })
        {
            using var reopened = StorageEngine.Open(folder.Path, TestData.QuietOptions);
            if (flush)
            {
                reopened.Flush();
            }

            foreach (var (field, value) in values)
            {
                var read = reopened.Read(new ReadRequest("m") { Field = field }).Single();
                Assert.Equal(value, read.Block.ValueAt(0));
            }
        }
    }

    [Fact]
    public void Reads_are_limited_to_the_half_open_time_range()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        engine.Write(Enumerable.Range(0, 100).Select(i => TestData.Cpu("a", TestData.Start + i, i)));
        engine.Flush();
        engine.Write(Enumerable.Range(100, 50).Select(i => TestData.Cpu("a", TestData.Start + i, i)));
        var read = TestData.ReadAll(engine, "cpu", "a", start: TestData.Start + 90, end: TestData.Start + 110);
        Assert.Equal(Enumerable.Range(90, 20).Select(i => TestData.Start + i), read.Select(r => r.Time));
    }

    [Fact]
    public void A_field_keeps_its_type()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        engine.Write(TestData.Cpu("a", TestData.Start, 1));
        var conflicting = new Point("cpu", [new("host", "a"), new("region", "eu")], [new("usage", FieldValue.Integer(1))], TestData.Start);
        var error = Assert.Throws<Catalog.FieldTypeConflictException>(() => engine.Write(conflicting));
        Assert.Contains("usage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_opener_of_a_folder_gets_a_clear_error()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        var error = Assert.Throws<IO.DataFolderLockedException>(() => StorageEngine.Open(folder.Path, TestData.QuietOptions));
        Assert.Contains("in use by another process", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Simulates a crash: release files without the flush that Dispose does.</summary>
    private static void AbandonWithoutFlush(StorageEngine engine) => engine.DisposeWithoutFlushForTests();

    private static void AssertEqual(List<(long Time, double Value)> expected, List<(long Time, FieldValue Value)> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Select(e => (e.Time, FieldValue.Float(e.Value))), actual);
    }
}
