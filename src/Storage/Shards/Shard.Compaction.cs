using Engine.Storage.IO;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>Files in one day partition that trigger a compaction even while the day is open.</summary>
    public const int CompactionFileThreshold = 4;

    /// <summary>Guarded by <see cref="_checkpointLock"/>.</summary>
    private ChunkBuffer? _compactionBuffer;

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
    public bool CompactPartition(int day)
    {
        lock (_checkpointLock)
        {
            var inputs = _segments.Where(s => s.Day == day).OrderBy(s => s.Generation).ToArray();
            if (inputs.Length < 2)
            {
                return false;
            }

            var chunks = MergeChunks(inputs, day);
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
    private List<EncodedChunk> MergeChunks(SegmentReader[] inputs, int day)
    {
        var buffer = _compactionBuffer ??= new ChunkBuffer(new ChunkEncoder(_chunkPool));
        var chunks = new List<EncodedChunk>();
        var seriesIds = inputs.SelectMany(s => s.Entries.Select(e => e.SeriesId)).Distinct().Order();
        foreach (var seriesId in seriesIds)
        {
            var sources = new List<ChunkSource>();
            var precedence = 0;
            foreach (var segment in inputs)
            {
                foreach (var index in segment.FindChunks(seriesId, long.MinValue, long.MaxValue))
                {
                    var entry = segment.Entries[index];
                    sources.Add(new ChunkSource(entry.MinTime, entry.MaxTime, precedence++, entry.Length, () => segment.Decode(index)));
                }
            }

            buffer.Start(seriesId, day, chunks);
            foreach (var block in MergeInTimeOrder(sources, long.MinValue, long.MaxValue))
            {
                buffer.Append(block);
            }

            buffer.Flush();
        }

        return chunks;
    }

    /// <summary>
    /// Gathers time-ordered blocks of one series and cuts them into full chunks. One per shard,
    /// created by its first compaction and reused by the next (under the checkpoint lock): its
    /// columns are a chunk's worth of samples.
    /// </summary>
    private sealed class ChunkBuffer(ChunkEncoder encoder)
    {
        private readonly long[] _timestamps = new long[ChunkLayout.MaxSamples];
        private readonly ulong[] _values = new ulong[ChunkLayout.MaxSamples];
        private readonly string?[] _strings = new string?[ChunkLayout.MaxSamples];
        private List<EncodedChunk> _output = [];
        private uint _seriesId;
        private int _day;
        private FieldType _type;
        private int _count;

        public void Start(uint seriesId, int day, List<EncodedChunk> output) =>
            (_seriesId, _day, _output, _count) = (seriesId, day, output, 0);

        public void Append(DecodedBlock block)
        {
            _type = block.Type;
            for (var i = 0; i < block.Count;)
            {
                var take = Math.Min(block.Count - i, ChunkLayout.MaxSamples - _count);
                block.Timestamps.AsSpan(i, take).CopyTo(_timestamps.AsSpan(_count));
                block.Values.AsSpan(i, take).CopyTo(_values.AsSpan(_count));
                if (block.Type == FieldType.String)
                {
                    block.Strings.AsSpan(i, take).CopyTo(_strings.AsSpan(_count));
                }

                _count += take;
                i += take;
                if (_count == ChunkLayout.MaxSamples)
                {
                    Flush();
                }
            }
        }

        public void Flush()
        {
            if (_count == 0)
            {
                return;
            }

            _output.Add(encoder.Encode(_seriesId, _type, _day, _timestamps.AsSpan(0, _count), _values.AsSpan(0, _count),
                _type == FieldType.String ? _strings.AsSpan(0, _count) : []));
            if (_type == FieldType.String)
            {
                Array.Clear(_strings, 0, _count); // the reused buffer must not keep strings alive
            }

            _count = 0;
        }
    }
}
