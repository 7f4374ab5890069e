using Engine.Storage.Catalog;
using Engine.Storage.Segments;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Writes samples of this shard's series: (1) one WAL entry carrying definitions of series new
    /// to this log and the samples, (2) the samples into the heads, sealing full or day-crossing
    /// heads into chunks. Returns the WAL address just past the entry; the write is durable once
    /// the log is committed up to it.
    /// </summary>
    public long Write(ReadOnlySpan<Sample> samples)
    {
        lock (_writeLock)
        {
            return WriteLocked(samples);
        }
    }

    /// <summary>Like <see cref="Write"/> when the writer lock is free at once; false (nothing written) when it is not.</summary>
    public bool TryWrite(ReadOnlySpan<Sample> samples, out long committedUntil)
    {
        if (!_writeLock.TryEnter())
        {
            committedUntil = 0;
            return false;
        }

        try
        {
            committedUntil = WriteLocked(samples);
            return true;
        }
        finally
        {
            _writeLock.Exit();
        }
    }

    /// <summary>Samples written through <see cref="Write"/> since open (a figure for /metrics).</summary>
    public long SamplesWritten => Volatile.Read(ref _samplesWritten);

    private long WriteLocked(ReadOnlySpan<Sample> samples)
    {
        _samplesWritten += samples.Length;
        _walWriter.Begin();
        foreach (ref readonly var sample in samples)
        {
            if (!sample.Series.DefinedInWal)
            {
                _walWriter.DefineSeries(sample.Series);
                sample.Series.DefinedInWal = true;
            }
        }

        _walWriter.BeginSamples(samples.Length);
        foreach (ref readonly var sample in samples)
        {
            _walWriter.AddSample(sample.Series, sample.Timestamp, sample.Bits, sample.Text);
        }

        var address = Wal.Enqueue(_walWriter.Written);
        foreach (ref readonly var sample in samples)
        {
            Apply(sample.Series, sample.Timestamp, sample.Bits, sample.Text, address);
        }

        return Wal.TailAddress;
    }

    /// <summary>Puts one sample into its series' head; caller holds <see cref="_writeLock"/>.</summary>
    private void Apply(Series series, long timestamp, ulong bits, string? text, long walAddress)
    {
        var head = series.Head;
        if (!head.Accepts(timestamp))
        {
            SealHead(series);
        }

        if (!head.Listed)
        {
            head.Listed = true;
            _listedHeads.Add(series);
        }

        head.Append(timestamp, bits, text, walAddress);
        MarkHour(timestamp);
        NoteTimestamp(timestamp);
        if (head.Count >= ChunkLayout.MaxSamples)
        {
            SealHead(series);
        }
    }

    /// <summary>
    /// Encodes a head into a pending chunk and empties it (trimming its buffers when a checkpoint
    /// rather than a full buffer sealed it); caller holds <see cref="_writeLock"/>.
    /// </summary>
    private void SealHead(Series series, bool trim = false)
    {
        var head = series.Head;
        if (head.Count == 0)
        {
            return;
        }

        var (timestamps, values, strings) = head.Seal();
        var chunk = _encoder.Encode(series.Id, series.Type, head.Day, timestamps.Span, values.Span, strings.Span);
        if (!_pending.TryGetValue(series.Id, out var list))
        {
            list = [];
            _pending.Add(series.Id, list);
        }

        list.Add(chunk); // the encoder's reference becomes the shard's
        head.Clear(trim);
    }
}
