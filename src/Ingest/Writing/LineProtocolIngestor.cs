using Engine.Ingest.LineProtocol;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Ingest.Writing;

/// <summary>
/// Turns line protocol into writes: parses bytes as they arrive (lines may be split across calls),
/// resolves each line's series, gathers samples in a <see cref="WriteBatch"/> and writes it when it
/// is full and at <see cref="Complete"/>. A bad line (syntax, a field type that conflicts with the
/// stored series, or a value too large for one WAL entry) is rejected alone; the lines around it are written. Reusable after
/// <see cref="Complete"/>; one per connection or writer thread.
/// </summary>
public sealed class LineProtocolIngestor
{
    /// <summary>The default of <see cref="BatchSamples"/>.</summary>
    public const int DefaultBatchSamples = 16_384;

    private readonly StorageEngine _storage;
    private readonly LineProtocolReader _reader;
    private readonly SeriesResolver _resolver;
    private readonly List<Task> _pendingCommits = [];
    private WriteBatch _batch;
    private WriteBatch _spare;
    private Task _inFlight = Task.CompletedTask;
    private Series[] _lineSeries = new Series[16];
    private string?[] _lineTexts = new string?[16];

    public LineProtocolIngestor(StorageEngine storage, LineProtocolOptions? options = null)
    {
        _storage = storage;
        _reader = new LineProtocolReader(options);
        _resolver = new SeriesResolver(storage);
        _batch = storage.CreateBatch();
        _spare = storage.CreateBatch();
    }

    /// <summary>Counts and errors since the last <see cref="Complete"/> or <see cref="Reset"/>.</summary>
    public IngestResult Result { get; } = new();

    /// <summary>
    /// Samples gathered before a batch is written. Each of the two batches grows to about this many
    /// samples (32 bytes each), and a durable write asks every shard it touches for a commit, so larger
    /// batches trade memory for fewer WAL entries and commits.
    /// </summary>
    public int BatchSamples { get; set; } = DefaultBatchSamples;

    /// <summary>Whether full batches ask for a WAL commit (and <see cref="CompleteAsync"/> waits for it).</summary>
    public bool Durable { get; set; }

    /// <summary>
    /// Parses the complete lines of <paramref name="input"/> and returns how many bytes were
    /// consumed; present the rest again with more bytes appended (or with
    /// <paramref name="isFinalBlock"/> true at the end of the input).
    /// </summary>
    public int Ingest(ReadOnlySpan<byte> input, bool isFinalBlock = false)
    {
        var handler = new Handler(this);
        return _reader.Parse(input, isFinalBlock, ref handler);
    }

    /// <summary>Writes what is gathered and returns the result; durable writes are waited for.</summary>
    public IngestResult Complete()
    {
        CompleteAsync().GetAwaiter().GetResult();
        return Result;
    }

    /// <summary>Writes what is gathered; with <see cref="Durable"/>, completes once all of it is committed.</summary>
    public async Task<IngestResult> CompleteAsync()
    {
        WriteBatch();
        await _inFlight.ConfigureAwait(false);
        if (_pendingCommits.Count > 0)
        {
            await Task.WhenAll(_pendingCommits).ConfigureAwait(false);
            _pendingCommits.Clear();
        }

        return Result;
    }

    /// <summary>Starts a new input: line numbers from 1, counts from zero.</summary>
    public void Reset()
    {
        _reader.Reset();
        Result.Reset();
    }

    /// <summary>
    /// Hands the gathered batch to storage. Non-durable batches are written on another thread while
    /// parsing goes on into a second batch (one write in flight at a time, so batches land in input
    /// order); durable ones are enqueued here and their commits awaited at completion.
    /// </summary>
    private void WriteBatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        _inFlight.GetAwaiter().GetResult(); // also surfaces a failure of the previous write
        var full = _batch;
        (_batch, _spare) = (_spare, full);
        if (Durable)
        {
            _pendingCommits.Add(_storage.WriteAsync(full, durable: true));
            full.Clear();
        }
        else
        {
            _inFlight = Task.Run(() =>
            {
                _storage.Write(full);
                full.Clear();
            });
        }
    }

    private void Accept(in ParsedLine line)
    {
        TagSet tagSet;
        try
        {
            tagSet = _resolver.Resolve(line);
        }
        catch (SeriesLimitException e)
        {
            Result.Reject(new LineProtocolError(line.LineNumber, 1, e.Message));
            return;
        }

        if (_lineSeries.Length < line.FieldCount)
        {
            _lineSeries = new Series[line.FieldCount * 2];
            _lineTexts = new string?[line.FieldCount * 2];
        }

        // Resolve every field before adding any, so that a rejected line adds nothing.
        for (var i = 0; i < line.FieldCount; i++)
        {
            var type = line.FieldType(i);
            var key = _resolver.FieldKey(line, i);
            var series = tagSet.Find(key, hint: i);
            try
            {
                series = series is not null && series.Type == type ? series : _storage.ResolveSeries(tagSet, key, type);
            }
            catch (Exception e) when (e is FieldTypeConflictException or SeriesLimitException)
            {
                Result.Reject(new LineProtocolError(line.LineNumber, SeriesResolver.ColumnOf(line, line.FieldKeyRaw(i)), e.Message));
                return;
            }

            // Each sample must fit in one WAL entry (a string of about a WAL page does not).
            var text = type == FieldType.String ? line.GetFieldString(i) : null;
            if (_storage.CheckSampleSize(series, text) is { } tooLarge)
            {
                Array.Clear(_lineTexts, 0, i);
                Result.Reject(new LineProtocolError(line.LineNumber, SeriesResolver.ColumnOf(line, line.FieldKeyRaw(i)), tooLarge));
                return;
            }

            _lineSeries[i] = series;
            _lineTexts[i] = text;
        }

        for (var i = 0; i < line.FieldCount; i++)
        {
            _batch.Add(_lineSeries[i], line.TimestampNs, line.FieldBits(i), _lineTexts[i]);
            _lineTexts[i] = null;
        }

        Result.PointsAccepted++;
        Result.SamplesAccepted += line.FieldCount;
        if (_batch.Count >= BatchSamples)
        {
            WriteBatch();
        }
    }

    private readonly struct Handler(LineProtocolIngestor owner) : ILineHandler
    {
        public void OnLine(in ParsedLine line) => owner.Accept(line);

        public void OnError(in LineProtocolError error) => owner.Result.Reject(error);
    }
}
