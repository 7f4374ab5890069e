using Engine.Storage.Model;
using Engine.Storage.Shards;
using Engine.Storage.Wal;

namespace Engine.Storage.Tests.Engine;

/// <summary>
/// A FasterLog entry must fit in one in-memory page: writes larger than that are split into several
/// WAL entries, and a single sample too large for any entry is refused with a clear error.
/// </summary>
public sealed class LargeWriteTests
{
    /// <summary>16 KiB pages, so that a modest batch spans many of them.</summary>
    private static StorageOptions SmallPages => TestData.QuietOptions with
    {
        Wal = new WalOptions { PageSizeBits = 14, MemorySizeBits = 16, SegmentSizeBits = 20 },
    };

    [Fact]
    public void FasterLog_takes_an_entry_of_exactly_MaxEntryBytes_and_refuses_one_byte_more()
    {
        using var folder = new TempFolder();
        using var wal = WalLog.Open(folder.Path, new WalOptions { PageSizeBits = 14, MemorySizeBits = 16, SegmentSizeBits = 20 });
        Assert.Equal((1 << 14) - WalLog.EntryHeaderBytes, wal.MaxEntryBytes);
        wal.Enqueue(new byte[100]); // not at the start of a page
        var address = wal.Enqueue(new byte[wal.MaxEntryBytes]);
        Assert.Throws<FASTER.core.FasterException>(() => wal.Enqueue(new byte[wal.MaxEntryBytes + 1]));
        wal.CommitAndWait();
        Assert.Contains(wal.ReadAll(), e => e.Address == address && e.Entry.Length == wal.MaxEntryBytes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_write_spanning_many_wal_pages_survives_a_crash_and_reads_back_exactly(bool defaultPages)
    {
        using var folder = new TempFolder();
        var options = defaultPages ? TestData.QuietOptions : SmallPages;
        // Default pages (1 MiB) take 3,000 strings of 1 KiB per shard; small pages mixed types and
        // series defined mid-write (their definitions must land in the entry that first uses them).
        var points = defaultPages ? StringPoints(3_000, 1_024) : MixedPoints(4_000);
        var engine = StorageEngine.Open(folder.Path, options);
        engine.Write(points, durable: true);
        var entries = engine.Shards.Select(s => s.Wal.ReadAll().Select(e => e.Entry.Length).ToList()).ToList();
        Assert.True(entries.Max(e => e.Count) >= 3, $"expected the write to be split, got {string.Join(", ", entries.Select(e => e.Count))} WAL entries per shard");
        Assert.All(entries.SelectMany(e => e), length => Assert.True(length <= engine.MaxWalEntryBytes));
        engine.DisposeWithoutFlushForTests();

        using (var reopened = StorageEngine.Open(folder.Path, options))
        {
            Assert.Empty(reopened.OpenProblems);
            Assert.Equal(points.Sum(p => p.Fields.Count), reopened.ReplayedSamples);
            AssertReadsBack(reopened, points);
        }

        // The replayed heads carry their entries' addresses: a checkpoint truncates and nothing is lost.
        using (var again = StorageEngine.Open(folder.Path, options))
        {
            AssertReadsBack(again, points);
        }
    }

    [Fact]
    public void A_sample_too_large_for_a_wal_entry_is_a_clear_error_and_the_engine_stays_usable()
    {
        using var folder = new TempFolder();
        using (var engine = StorageEngine.Open(folder.Path, SmallPages))
        {
            var max = engine.MaxWalEntryBytes;
            var huge = new Point("log", [new("host", "a")], [new("line", FieldValue.String(new string('x', max)))], TestData.Start);
            var error = Assert.Throws<ArgumentException>(() => engine.Write([TestData.Cpu("a", TestData.Start, 1), huge], durable: true));
            Assert.Contains("larger than the limit of", error.Message, StringComparison.Ordinal);
            Assert.Contains($"{max} bytes", error.Message, StringComparison.Ordinal);
            Assert.Empty(TestData.ReadAll(engine, "cpu", "a")); // refused while the batch was built: nothing written

            // The shard refuses it too, before writing any of the samples it was given.
            var series = engine.Index.SeriesOf("log").Single(s => s.FieldKey == "line");
            var shard = engine.Shards[series.Shard];
            var samples = new Sample[300];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = new Sample { Series = series, Timestamp = TestData.Start + i, Text = i == 299 ? new string('é', max / 2) : "ok" };
            }

            var tail = shard.Wal.TailAddress;
            var shardError = Assert.Throws<ArgumentException>(() => shard.Write(samples));
            Assert.Contains("larger than the limit of", shardError.Message, StringComparison.Ordinal);
            Assert.Equal(tail, shard.Wal.TailAddress);

            var fits = new string('y', 1000);
            Assert.Null(engine.CheckSampleSize(series, fits));
            engine.Write([TestData.Cpu("a", TestData.Start, 2), new Point("log", [new("host", "a")], [new("line", FieldValue.String(fits))], TestData.Start)], durable: true);
            Assert.Equal([(TestData.Start, FieldValue.Float(2))], TestData.ReadAll(engine, "cpu", "a"));
        }

        using var reopened = StorageEngine.Open(folder.Path, SmallPages);
        Assert.Equal([(TestData.Start, FieldValue.Float(2))], TestData.ReadAll(reopened, "cpu", "a"));
        Assert.Equal([(TestData.Start, FieldValue.String(new string('y', 1000)))], TestData.ReadAll(reopened, "log", "a", "line"));
    }

    [Fact]
    public void The_largest_string_that_fits_is_written_and_one_byte_more_is_refused()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, SmallPages);
        Point Log(int length) => new("log", [new("host", "a")], [new("line", FieldValue.String(new string('z', length)))], TestData.Start);
        engine.Write(Log(1), durable: true);
        var series = engine.Index.SeriesOf("log").Single(s => s.FieldKey == "line");
        var largest = WalEntryWriter.MaxStringBytes(series, engine.MaxWalEntryBytes);
        Assert.NotNull(engine.CheckSampleSize(series, new string('z', largest + 1)));
        Assert.Throws<ArgumentException>(() => engine.Write(Log(largest + 1)));
        engine.Write([Log(largest), Log(largest)], durable: true);
        Assert.Equal([(TestData.Start, FieldValue.String(new string('z', largest)))], TestData.ReadAll(engine, "log", "a", "line"));
    }

    private static List<Point> StringPoints(int count, int length) =>
        [.. Enumerable.Range(0, count).Select(i => new Point(
            "log", [new("host", "h")], [new("line", FieldValue.String($"{i:D6}" + new string((char)('a' + (i % 26)), length - 6)))], TestData.Start + (i * 1_000_000_000L)))];

    private static List<Point> MixedPoints(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Point(
            "mix",
            [new("host", $"h{i % 37}")],
            [
                new("f", FieldValue.Float(i * 0.5)),
                new("i", FieldValue.Integer(-i * 1_000_003L)),
                new("s", FieldValue.String(new string((char)('a' + (i % 26)), i % 300))),
                new($"b{i / 500}", FieldValue.Boolean(i % 3 == 0)),
            ],
            TestData.Start + ((i / 37) * 10_000_000_000L) + (i % 37)))];

    private static void AssertReadsBack(StorageEngine engine, List<Point> points)
    {
        var expected = points
            .SelectMany(p => p.Fields.Select(f => (Key: (p.Measurement, Host: p.Tags.Single().Value, Field: f.Key), Sample: (p.TimestampNs, f.Value))))
            .GroupBy(x => x.Key);
        foreach (var group in expected)
        {
            var read = TestData.ReadAll(engine, group.Key.Measurement, group.Key.Host, group.Key.Field);
            Assert.Equal(group.Select(g => g.Sample).OrderBy(s => s.TimestampNs).ToList(), read);
        }
    }
}
