using Engine.Storage.Catalog;
using Engine.Storage.Segments;
using Engine.Storage.Wal;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Writes samples of this shard's series: (1) WAL entries carrying the samples, each with the
    /// definitions of series new to this log that it is the first to use (one entry when they fit in
    /// one, otherwise as many as it takes, each within <see cref="WalLog.MaxEntryBytes"/>), (2) each
    /// entry's samples into the heads with that entry's address, sealing full or day-crossing heads
    /// into chunks. Returns the WAL address just past the last entry; the write is durable once the
    /// log is committed up to it.
    /// </summary>
    /// <exception cref="ArgumentException">A sample does not fit in one WAL entry; nothing was written to this shard.</exception>
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
        // One pass defines new series and bounds the entry's size; almost every write fits in one entry.
        _walWriter.Begin();
        _definedNow.Clear();
        var bound = WalEntryWriter.MaxHeaderBytes + ((long)samples.Length * WalEntryWriter.MaxFixedSampleBytes);
        foreach (ref readonly var sample in samples)
        {
            if (!sample.Series.DefinedInWal)
            {
                _walWriter.DefineSeries(sample.Series);
                sample.Series.DefinedInWal = true;
                _definedNow.Add(sample.Series);
            }

            if (sample.Text is { } text)
            {
                bound += 3L * text.Length; // UTF-8 takes at most 3 bytes per UTF-16 unit
            }
        }

        if (bound + _walWriter.Length > Wal.MaxEntryBytes)
        {
            foreach (var series in _definedNow)
            {
                series.DefinedInWal = false;
            }

            _definedNow.Clear();
            return WriteInEntries(samples);
        }

        _definedNow.Clear();
        AppendEntry(samples);
        return Wal.TailAddress;
    }

    /// <summary>
    /// Adds <paramref name="entry"/>'s samples after the definitions already in the WAL writer,
    /// enqueues the entry, and puts the samples into the heads with the entry's address.
    /// </summary>
    private void AppendEntry(ReadOnlySpan<Sample> entry)
    {
        _walWriter.BeginSamples(entry.Length);
        foreach (ref readonly var sample in entry)
        {
            _walWriter.AddSample(sample.Series, sample.Timestamp, sample.Bits, sample.Text);
        }

        var address = Wal.Enqueue(_walWriter.Written);
        foreach (ref readonly var sample in entry)
        {
            Apply(sample.Series, sample.Timestamp, sample.Bits, sample.Text, address);
        }

        _samplesWritten += entry.Length;
    }

    /// <summary>
    /// Writes samples too many for one WAL entry as several, each closed before it would exceed
    /// <see cref="WalLog.MaxEntryBytes"/>: an entry holds the definitions of the series it is the
    /// first to use, then its samples, which go into the heads with its own address (recovery and
    /// checkpoint truncation rely on it). Every sample is checked first, so that a sample too large
    /// for any entry fails the write before anything is written.
    /// </summary>
    private long WriteInEntries(ReadOnlySpan<Sample> samples)
    {
        var max = Wal.MaxEntryBytes;
        foreach (ref readonly var sample in samples)
        {
            if (WalEntryWriter.CheckSampleFits(sample.Series, sample.Text, max) is { } problem)
            {
                throw new ArgumentException(problem, nameof(samples));
            }
        }

        var start = 0;
        while (start < samples.Length)
        {
            // Size the entry exactly (the count's varint bounded by MaxHeaderBytes); CheckSampleFits
            // guarantees that its first sample fits with its definition.
            long size = WalEntryWriter.MaxHeaderBytes;
            var previous = 0L;
            var end = start;
            for (; end < samples.Length; end++)
            {
                ref readonly var sample = ref samples[end];
                var series = sample.Series;
                var need = WalEntryWriter.SampleBytes(series, sample.Timestamp, previous, sample.Bits, sample.Text);
                var defines = !series.DefinedInWal;
                if (defines)
                {
                    need += WalEntryWriter.DefinitionBytes(series);
                }

                if (size + need > max)
                {
                    break;
                }

                if (defines)
                {
                    series.DefinedInWal = true;
                    _definedNow.Add(series);
                }

                size += need;
                previous = sample.Timestamp;
            }

            if (end == start)
            {
                throw new InvalidOperationException($"a checked sample does not fit in a WAL entry of {max} bytes");
            }

            _walWriter.Begin();
            foreach (var series in _definedNow)
            {
                _walWriter.DefineSeries(series);
            }

            _definedNow.Clear();
            AppendEntry(samples[start..end]);
            start = end;
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
