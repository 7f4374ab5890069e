using Engine.Storage.Model;

namespace Engine.Storage.Tests.Engine;

/// <summary>Named damage to each kind of file, and what open, reads and Verify make of it.</summary>
public sealed class CorruptionTests
{
    [Fact]
    public void Torn_catalog_record_is_cut_off_and_reported()
    {
        using var folder = new TempFolder();
        WriteAndClose(folder.Path, "a");
        var catalog = Path.Combine(folder.Path, "catalog", "series.log");
        File.AppendAllBytes(catalog, [0x20, 0, 0, 0, 1, 2, 3]); // a record header promising 32 bytes, then the crash

        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        Assert.Contains(engine.OpenProblems, p => p.Message.Contains("torn record", StringComparison.Ordinal));
        Assert.Single(TestData.ReadAll(engine, "cpu", "a"));
        Assert.Equal(new FileInfo(catalog).Length, engine.CatalogFileLengthForTests());
    }

    [Fact]
    public void Damaged_catalog_record_before_the_tail_is_a_located_error()
    {
        using var folder = new TempFolder();
        WriteAndClose(folder.Path, "a");
        WriteAndClose(folder.Path, "b");
        var catalog = Path.Combine(folder.Path, "catalog", "series.log");
        var bytes = File.ReadAllBytes(catalog);
        bytes[16 + 8 + 2] ^= 0xFF; // inside the first record's payload
        File.WriteAllBytes(catalog, bytes);

        var error = Assert.Throws<CorruptDataException>(() => StorageEngine.Open(folder.Path, TestData.QuietOptions));
        Assert.Equal(catalog, error.File);
        Assert.Equal(16, error.Offset);
    }

    [Fact]
    public void Segment_with_bad_footer_is_left_out_and_the_others_stay_readable()
    {
        using var folder = new TempFolder();
        WriteAndClose(folder.Path, "a");
        WriteAndClose(folder.Path, "b");
        var segments = Directory.GetFiles(Path.Combine(folder.Path, "segments"), "*.seg", SearchOption.AllDirectories);
        Assert.Equal(2, segments.Length);
        using (var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions))
        {
            Assert.Single(TestData.ReadAll(engine, "cpu", "a"));
        }

        var victim = segments.Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(victim);
        bytes[^25] ^= 0x01; // last byte of the footer's checksum
        File.WriteAllBytes(victim, bytes);

        using var reopened = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        var problem = Assert.Single(reopened.OpenProblems);
        Assert.Equal(victim, problem.File);
        Assert.Equal(1, TestData.ReadAll(reopened, "cpu", "a").Count + TestData.ReadAll(reopened, "cpu", "b").Count);
    }

    [Fact]
    public void Damaged_chunk_fails_every_range_read_and_leaves_other_series_readable()
    {
        using var folder = new TempFolder();
        using (var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions))
        {
            // Two fields of one tag set: two series, two chunks in one shard's segment file.
            engine.Write(TestData.Cpu("a", TestData.Start, 1, field: "user"));
            engine.Write(TestData.Cpu("a", TestData.Start, 2, field: "idle"));
        }

        var segment = Directory.GetFiles(Path.Combine(folder.Path, "segments"), "*.seg", SearchOption.AllDirectories).Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[32 + 3] ^= 0x01; // the first chunk's timestamp encoding byte, behind its checksum
        File.WriteAllBytes(segment, bytes);

        using var reopened = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        Assert.Empty(reopened.OpenProblems);
        var fields = new[] { "user", "idle" };
        var field = Assert.Single(fields, f => Throws(() => TestData.ReadAll(reopened, "cpu", "a", f)));
        for (var read = 0; read < 2; read++)
        {
            var error = Assert.Throws<CorruptDataException>(() => TestData.ReadAll(reopened, "cpu", "a", field, TestData.Start, TestData.Start + 1));
            Assert.Equal(segment, error.File);
            Assert.Equal(32, error.Offset);
        }

        Assert.Single(TestData.ReadAll(reopened, "cpu", "a", fields.Single(f => f != field)));
    }

    [Fact]
    public void Leftover_temporary_segment_from_a_crash_is_removed()
    {
        using var folder = new TempFolder();
        WriteAndClose(folder.Path, "a");
        var partition = Directory.GetDirectories(Path.Combine(folder.Path, "segments")).Single();
        var leftover = Path.Combine(partition, "shard-03-0000000099.seg.tmp");
        File.WriteAllBytes(leftover, [1, 2, 3]);

        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        Assert.False(File.Exists(leftover));
        Assert.Empty(engine.OpenProblems);
    }

    [Fact]
    public void Garbage_after_the_last_wal_commit_is_ignored()
    {
        using var folder = new TempFolder();
        var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        engine.Write(TestData.Cpu("a", TestData.Start, 1), durable: true);
        engine.DisposeWithoutFlushForTests();
        foreach (var log in Directory.GetFiles(Path.Combine(folder.Path, "wal"), "wal.log.*", SearchOption.AllDirectories))
        {
            File.AppendAllBytes(log, [.. Enumerable.Repeat((byte)0xAB, 4096)]);
        }

        using var reopened = StorageEngine.Open(folder.Path, TestData.QuietOptions);
        Assert.Equal([(TestData.Start, FieldValue.Float(1))], TestData.ReadAll(reopened, "cpu", "a"));
    }

    private static bool Throws(Action read)
    {
        try
        {
            read();
            return false;
        }
        catch (CorruptDataException)
        {
            return true;
        }
    }

    private static void WriteAndClose(string path, string host)
    {
        using var engine = StorageEngine.Open(path, TestData.QuietOptions);
        engine.Write(TestData.Cpu(host, TestData.Start, 1));
    }
}
