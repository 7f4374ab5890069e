using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Engine.Ingest.LineProtocol;
using Engine.Ingest.Writing;
using Engine.Storage;

namespace Engine.Server.Serving.Tcp;

/// <summary>
/// One TCP client sending line protocol: a <see cref="PipeReader"/> over the socket feeds one
/// <see cref="LineProtocolIngestor"/>. Writes are non-durable and handed to storage at the end of each
/// read burst (when no more bytes are waiting), so batches stay large while a client streams and a
/// quiet client's points reach the WAL within the commit interval.
/// </summary>
internal sealed class TcpConnection
{
    /// <summary>Rejected lines logged per connection; the rest are only counted.</summary>
    public const int LoggedErrors = 10;

    private const int SegmentBytes = 64 << 10;

    private readonly Socket _socket;
    private readonly TcpServerContext _context;
    private readonly CancellationTokenSource _idle = new();
    private readonly Lock _idleLock = new();
    private bool _draining;
    private bool _closed; // under _idleLock: the timer is disposed, a late BeginDrain must not touch it
    private int _errorsLogged;
    private IngestSnapshot _counted;

    public TcpConnection(Socket socket, TcpServerContext context)
    {
        _socket = socket;
        _context = context;
        RemoteAddress = (socket.RemoteEndPoint as IPEndPoint)?.ToString() ?? "unknown";
    }

    public string RemoteAddress { get; }

    /// <summary>
    /// Shutdown has begun: keep reading what the client already sent, but end once it pauses for
    /// <see cref="TcpServerContext.DrainIdle"/> instead of the idle timeout.
    /// </summary>
    public void BeginDrain()
    {
        lock (_idleLock)
        {
            _draining = true;
            if (!_closed)
            {
                _idle.CancelAfter(_context.DrainIdle);
            }
        }
    }

    /// <summary>Cuts the connection (shutdown took too long); <see cref="RunAsync"/> then ends.</summary>
    public void Abort() => _socket.Dispose();

    public async Task RunAsync()
    {
        var ingestor = new LineProtocolIngestor(_context.Storage, _context.LineProtocol);
        using var feeder = new SequenceFeeder();
        await using var stream = new NetworkStream(_socket, ownsSocket: true);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: SegmentBytes, minimumReadSize: SegmentBytes / 4));
        long carried = 0;
        try
        {
            while (true)
            {
                RestartIdleTimer();
                var pending = reader.ReadAsync(_idle.Token);
                if (!pending.IsCompleted)
                {
                    await CompleteBurstAsync(ingestor).ConfigureAwait(false); // nothing more waiting: write what is gathered
                }

                var result = await pending.ConfigureAwait(false);
                var buffer = result.Buffer;
                _context.Metrics.Tcp.AddBytes(buffer.Length - carried);
                var consumed = feeder.Feed(ingestor, buffer, isFinalBlock: false);
                carried = buffer.Length - consumed;
                if (result.IsCompleted)
                {
                    // An unterminated last line may be cut short (v=12 of v=123): never store it.
                    if (carried > 0)
                    {
                        _context.Log.WriteLine($"tcp {RemoteAddress}: connection closed mid-line; {carried} bytes of an unterminated line discarded");
                    }

                    reader.AdvanceTo(buffer.End);
                    break;
                }

                reader.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
            }
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested)
        {
            if (!_draining)
            {
                _context.Log.WriteLine($"tcp {RemoteAddress}: closed after {_context.IdleTimeout.TotalSeconds:0.#} s without data");
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            _context.Log.WriteLine($"tcp {RemoteAddress}: connection lost: {e.Message}");
        }
        finally
        {
            await CompleteBurstAsync(ingestor).ConfigureAwait(false);
            await reader.CompleteAsync().ConfigureAwait(false);
            lock (_idleLock)
            {
                _closed = true;
                _idle.Dispose();
            }
        }
    }

    private void RestartIdleTimer()
    {
        lock (_idleLock)
        {
            _idle.CancelAfter(_draining ? _context.DrainIdle : _context.IdleTimeout);
        }
    }

    private async Task CompleteBurstAsync(LineProtocolIngestor ingestor)
    {
        var result = await ingestor.CompleteAsync().ConfigureAwait(false);
        _context.Metrics.Tcp.AddSince(result, ref _counted);
        LogNewErrors(result);
    }

    private void LogNewErrors(IngestResult result)
    {
        var errors = result.Errors;
        while (_errorsLogged < LoggedErrors && _errorsLogged < errors.Count)
        {
            _context.Log.WriteLine($"tcp {RemoteAddress}: rejected {errors[_errorsLogged]}");
            _errorsLogged++;
            if (_errorsLogged == LoggedErrors)
            {
                _context.Log.WriteLine($"tcp {RemoteAddress}: further rejected lines are counted in /metrics, not logged");
            }
        }
    }
}

/// <summary>What every connection of one TCP listener shares.</summary>
internal sealed record TcpServerContext(
    StorageEngine Storage,
    LineProtocolOptions LineProtocol,
    ServerMetrics Metrics,
    TextWriter Log,
    TimeSpan IdleTimeout,
    TimeSpan DrainIdle);
