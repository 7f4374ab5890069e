using System.Runtime.InteropServices;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

/// <summary>
/// Reads one series' samples in a time range for the rollup builder, a run of overlapping sources
/// at a time, into columns it reuses for every run and series of a build: reading closed hours'
/// raw data back allocates nothing per chunk or sample (a query's <see cref="Shard.Read"/> gives
/// blocks of their own instead). Sources that overlap (rewritten or late samples) are merged as a
/// query merges them (<see cref="BlockMerger"/>): the newer source wins a timestamp.
/// </summary>
internal sealed class RawRunReader : IDisposable
{
    private readonly SampleColumns _decoded = new();
    private SampleColumns _merged = new();
    private SampleColumns _mergeTarget = new();
    private long _startNs;
    private long _endNs;
    private int _next;

    /// <summary>What to read: filled by the shard before <see cref="Start"/>, released by the caller after the last run.</summary>
    public ReadView View { get; } = new();

    /// <summary>Starts reading the samples of <see cref="View"/> with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>.</summary>
    public void Start(long startNs, long endNs)
    {
        (_startNs, _endNs, _next) = (startNs, endNs, 0);
        SourceRuns.SortByTime(View.Sources);
    }

    /// <summary>The next run of samples, in time order after the previous one; valid until the next call. False when none is left.</summary>
    public bool TryRead(out SampleRun run)
    {
        var sources = View.Sources;
        while (_next < sources.Count)
        {
            var first = _next;
            var count = SourceRuns.RunLength(sources, first);
            _next += count;
            run = count == 1 ? Read(sources[first]) : Merge(first, count);
            if (run.Count > 0)
            {
                return true;
            }
        }

        run = default;
        return false;
    }

    public void Dispose()
    {
        View.Dispose();
        _decoded.Dispose();
        _merged.Dispose();
        _mergeTarget.Dispose();
    }

    /// <summary>One source's samples in the range: the head's in place, a chunk's decoded into the reused columns.</summary>
    private SampleRun Read(ChunkSource source)
    {
        if (source.IsHead)
        {
            var (from, to) = View.Head.RangeOf(_startNs, _endNs);
            return View.Head.Run(from, to);
        }

        if (source.Segment is { } segment)
        {
            segment.DecodeInto(source.Index, _startNs, _endNs, _decoded);
        }
        else
        {
            ChunkDecoder.DecodeInto(source.Pending!.Bytes, _startNs, _endNs, _decoded);
        }

        return _decoded.Run(0, _decoded.Count);
    }

    /// <summary>Merges a run of overlapping sources, oldest first, each newer one into what the older ones gave.</summary>
    private SampleRun Merge(int first, int count)
    {
        var run = CollectionsMarshal.AsSpan(View.Sources).Slice(first, count);
        run.Sort(static (a, b) => a.Precedence.CompareTo(b.Precedence));
        for (var k = 0; k < run.Length; k++)
        {
            var newer = Read(run[k]);
            if (k == 0)
            {
                _merged.Reset(newer.Type, 0);
            }

            _mergeTarget.Reset(newer.Type, _merged.Count + newer.Count);
            MergeNewerWins(_merged.Run(0, _merged.Count), newer, _mergeTarget);
            (_merged, _mergeTarget) = (_mergeTarget, _merged);
        }

        return _merged.Run(0, _merged.Count);
    }

    /// <summary>
    /// Appends to <paramref name="output"/> (room for both) the merge of two time-ordered runs,
    /// each without repeated timestamps; where both hold a timestamp, the newer's sample wins.
    /// </summary>
    private static void MergeNewerWins(SampleRun older, SampleRun newer, SampleColumns output)
    {
        int i = 0, j = 0;
        while (i < older.Count || j < newer.Count)
        {
            if (i < older.Count && (j == newer.Count || older.Timestamps[i] < newer.Timestamps[j]))
            {
                output.Append(older, i++);
                continue;
            }

            if (i < older.Count && older.Timestamps[i] == newer.Timestamps[j])
            {
                i++; // overwritten by the newer source
            }

            output.Append(newer, j++);
        }
    }
}
