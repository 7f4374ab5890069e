using Engine.Storage;

namespace Engine.Server.Serving;

/// <summary>
/// Counts samples accepted over TCP and HTTP that are committed to the WAL, for
/// <c>engine_samples_committed_total</c> (what a load test must wait for: bytes sent or lines parsed
/// are not yet data that survives a crash). Storage does not report how far its commits have come,
/// so once per commit interval, when samples were accepted since the last round, this takes the
/// accepted counts and then commits every WAL: the protocols count samples only after storage has
/// taken them (see <see cref="ProtocolCounters"/>), so all of them are durable once that commit ends.
/// The figure trails the accepted count by about one commit interval.
/// </summary>
internal sealed class CommittedSamples : IAsyncDisposable
{
    private readonly StorageEngine _storage;
    private readonly ServerMetrics _metrics;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _committed;

    public CommittedSamples(StorageEngine storage, ServerMetrics metrics, TimeSpan interval, TextWriter log)
    {
        _storage = storage;
        _metrics = metrics;
        _loop = Task.Run(() => RunAsync(interval, log));
    }

    public long Count => Interlocked.Read(ref _committed);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync(TimeSpan interval, TextWriter log)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var accepted = _metrics.Tcp.SamplesAccepted + _metrics.Http.SamplesAccepted;
            if (accepted == Count)
            {
                continue;
            }

            try
            {
                _storage.Commit();
                Interlocked.Exchange(ref _committed, accepted);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                log.WriteLine($"storage: commit for engine_samples_committed_total failed: {e.Message}");
            }
        }
    }
}
