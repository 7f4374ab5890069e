using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>Files in one day partition that trigger a compaction even while the day is open.</summary>
    public const int CompactionFileThreshold = 4;

    /// <summary>How long after its end a day counts as closed (late points keep arriving for a while).</summary>
    public static readonly TimeSpan ClosedDayGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Days whose partition should be compacted: several files, and either many of them or a day
    /// that has closed (so the merged file is final until late data arrives).
    /// </summary>
    public IReadOnlyList<int> CompactionCandidates(long nowNs, bool all = false) =>
        [.. _segments.GroupBy(s => s.Day)
            .Where(g => g.Count() >= 2 && (all || g.Count() >= CompactionFileThreshold
                || TimeMath.DayStart(g.Key + 1) + (long)(ClosedDayGrace.TotalMilliseconds * 1_000_000) <= nowNs))
            .Select(g => g.Key)];

    /// <summary>
    /// Merges every segment file of one UTC day into one file with, per series, time-ordered chunks
    /// of up to <see cref="ChunkLayout.MaxSamples"/> samples (overwritten samples dropped):
    /// 1. under the checkpoint lock (no other file of this shard appears meanwhile), read the
    ///    inputs in generation order and write the merged file with the next generation;
    /// 2. under the writer lock, swap the inputs for it in one step;
    /// 3. delete the inputs (readers in flight keep their mappings until they finish).
    /// A crash before step 3 leaves inputs and output; the output, being newer, wins, with the
    /// same samples. Returns false when there was nothing to merge.
    /// </summary>
    public bool CompactPartition(int day, CompactionBuffer buffer)
    {
        lock (_checkpointLock)
        {
            var inputs = _segments.Where(s => s.Day == day).OrderBy(s => s.Generation).ToArray();
            if (inputs.Length < 2)
            {
                return false;
            }

            List<EncodedChunk> chunks;
            lock (buffer)
            {
                chunks = MergeChunks(inputs, day, buffer);
            }

            SegmentReader output;
            try
            {
                output = WriteSegment(day, chunks);
            }
            finally
            {
                chunks.ForEach(c => c.Release());
            }

            lock (_writeLock)
            {
                _segments = [.. _segments.Except(inputs).Append(output).OrderBy(s => s.Generation)];
            }

            foreach (var input in inputs)
            {
                input.Dispose();
                File.Delete(input.Path);
            }

            AtomicFile.SyncDirectory(Path.GetDirectoryName(output.Path)!);
            return true;
        }
    }

    /// <summary>Caller holds <see cref="_checkpointLock"/>. Returns chunks in series order, each referenced once by the caller.</summary>
    private static List<EncodedChunk> MergeChunks(SegmentReader[] inputs, int day, CompactionBuffer buffer)
    {
        var chunks = new List<EncodedChunk>();
        var seriesIds = inputs.SelectMany(s => s.Entries.Select(e => e.SeriesId)).Distinct().Order();
        var sources = new List<ChunkSource>();
        foreach (var seriesId in seriesIds)
        {
            sources.Clear();
            var precedence = 0;
            foreach (var segment in inputs)
            {
                foreach (var index in segment.FindChunks(seriesId, long.MinValue, long.MaxValue))
                {
                    var entry = segment.Entries[index];
                    sources.Add(new ChunkSource(entry.MinTime, entry.MaxTime, precedence++, entry.Length) { Segment = segment, Index = index });
                }
            }

            buffer.Start(seriesId, day, chunks);
            SourceRuns.SortByTime(sources);
            for (var first = 0; first < sources.Count;)
            {
                // Chunks that overlap no other (the usual case) are decoded into the buffer's reused
                // columns; only overlaps, where a newer chunk overwrites samples, build merged blocks.
                var count = SourceRuns.RunLength(sources, first);
                if (count == 1)
                {
                    buffer.Append(sources[first].Segment!, sources[first].Index);
                }
                else
                {
                    buffer.Append(BlockMerger.Merge(sources.GetRange(first, count), source => source.Segment!.Decode(source.Index)));
                }

                first += count;
            }

            buffer.Flush();
        }

        return chunks;
    }
}
