using Engine.Storage.Segments;

namespace Engine.Storage.Tests.Engine;

/// <summary>
/// Sealed chunks live in buffers from the engine's <see cref="ChunkPool"/>; a checkpoint hands them
/// back. A reader that still sees a chunk must keep it (a returned buffer is cleared, then reused by
/// the next seal), so these tests fail on any read of a returned buffer.
/// </summary>
public sealed class PendingChunkTests
{
    private const long Second = 1_000_000_000L;

    [Fact]
    public void A_read_in_progress_keeps_its_pending_chunks_through_a_checkpoint_and_their_reuse()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions with { ShardCount = 1 });
        // One chunk in a segment file, then one sealed chunk pending (a full head seals at once).
        engine.Write(Samples("a", 0, 100));
        engine.Flush();
        engine.Write(Samples("a", 100, ChunkLayout.MaxSamples));
        var expected = Samples("a", 0, 100 + ChunkLayout.MaxSamples).Select(p => (p.TimestampNs, p.Fields[0].Value)).ToList();

        using var reader = engine.Read(new ReadRequest("cpu") { Field = "usage" }).GetEnumerator();
        Assert.True(reader.MoveNext()); // the segment's block; the pending chunk is not decoded yet
        var read = Collect(reader.Current.Block);
        engine.Flush();
        // Seals of the same size would take the pending chunk's buffer had the checkpoint returned it.
        engine.Write(Samples("b", 0, ChunkLayout.MaxSamples));
        engine.Write(Samples("c", 0, ChunkLayout.MaxSamples));
        while (reader.MoveNext())
        {
            read.AddRange(Collect(reader.Current.Block));
        }

        Assert.Equal(expected, read);
    }

    [Fact]
    public void Checkpointed_chunks_go_back_to_the_pool_and_later_seals_reuse_them()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions with { ShardCount = 1 });
        engine.Write(Samples("a", 0, 2 * ChunkLayout.MaxSamples));
        engine.Flush();
        var free = engine.ChunkPool.FreeChunks;
        Assert.Equal(2, free);

        engine.Write(Samples("a", 2 * ChunkLayout.MaxSamples, 2 * ChunkLayout.MaxSamples));
        Assert.Equal(0, engine.ChunkPool.FreeChunks);
        engine.Flush();
        Assert.Equal(free, engine.ChunkPool.FreeChunks);
    }

    [Fact]
    public async Task Concurrent_reads_during_checkpoints_see_exactly_what_was_written()
    {
        using var folder = new TempFolder();
        using var engine = StorageEngine.Open(folder.Path, TestData.QuietOptions with { ShardCount = 2 });
        string[] hosts = ["a", "b", "c", "d"];
        const int Batches = 60;
        const int BatchSamples = 2_000; // several seals per host between two checkpoints
        var checkpoints = 0;
        var writer = Task.Run(() =>
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                engine.Write(hosts.SelectMany(h => Samples(h, batch * BatchSamples, BatchSamples)));
            }
        });
        using var readersDone = new CancellationTokenSource();
        var checkpointer = Task.Run(() =>
        {
            while (!readersDone.IsCancellationRequested)
            {
                engine.Flush();
                Interlocked.Increment(ref checkpoints);
            }
        });
        var readers = hosts.Select(host => Task.Run(() =>
        {
            do
            {
                // Between its first block and the rest, a read lets two checkpoints (and the seals
                // of the writes meanwhile) pass, which return and reuse the chunks it collected.
                var read = new List<(long, Model.FieldValue)>();
                using (var blocks = engine.Read(new ReadRequest("cpu") { TagFilter = [new("host", host)] }).GetEnumerator())
                {
                    var more = blocks.MoveNext();
                    var seen = Volatile.Read(ref checkpoints);
                    SpinWait.SpinUntil(() => Volatile.Read(ref checkpoints) >= seen + 2);
                    for (; more; more = blocks.MoveNext())
                    {
                        read.AddRange(Collect(blocks.Current.Block));
                    }
                }

                // The model: each host's samples are written in time order, so a consistent read is
                // a prefix of them with the values Samples gives.
                Assert.Equal(Samples(host, 0, read.Count).Select(p => (p.TimestampNs, p.Fields[0].Value)), read);
            }
            while (!writer.IsCompleted);
        })).ToArray();

        await Task.WhenAll([writer, .. readers]);
        await readersDone.CancelAsync();
        await checkpointer;
        Assert.Equal(Batches * BatchSamples, TestData.ReadAll(engine, "cpu", "a").Count);
    }

    private static IEnumerable<Model.Point> Samples(string host, int first, int count) =>
        Enumerable.Range(first, count).Select(i => TestData.Cpu(host, TestData.Start + (i * Second), (i % 1024 * 0.25) + host[0]));

    private static List<(long, Model.FieldValue)> Collect(DecodedBlock block) =>
        [.. Enumerable.Range(0, block.Count).Select(i => (block.Timestamps[i], block.ValueAt(i)))];
}
