using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Engine.Server.Serving.Tcp;

/// <summary>
/// Accepts TCP clients sending line protocol, each served by its own <see cref="TcpConnection"/>.
/// Shutdown is two steps: <see cref="StopAccepting"/>, then <see cref="DrainAsync"/> lets open
/// connections finish what they sent.
/// </summary>
internal sealed class TcpLineProtocolListener : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly TcpServerContext _context;
    private readonly int _maxConnections;
    private readonly ConcurrentDictionary<TcpConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TcpLineProtocolListener(IPEndPoint endpoint, TcpServerContext context, int maxConnections)
    {
        _context = context;
        _maxConnections = maxConnections;
        _listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (endpoint.AddressFamily == AddressFamily.InterNetworkV6 && endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            _listener.DualMode = true;
        }

        _listener.Bind(endpoint);
        _listener.Listen(backlog: 512);
        LocalEndpoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The bound address, with the real port when port 0 was asked for.</summary>
    public IPEndPoint LocalEndpoint { get; }

    public void Start() => _acceptLoop = AcceptLoopAsync();

    public void StopAccepting()
    {
        _stop.Cancel();
        _listener.Dispose();
    }

    /// <summary>
    /// Waits for open connections to end: each keeps reading until its client pauses, and after
    /// <paramref name="timeout"/> the stragglers are cut (what they sent so far is still written).
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        await _acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Keys)
        {
            connection.BeginDrain();
        }

        var all = Task.WhenAll(_connections.Values);
        if (await Task.WhenAny(all, Task.Delay(timeout)).ConfigureAwait(false) != all)
        {
            _context.Log.WriteLine($"tcp: {_connections.Count} connections still sending after {timeout.TotalSeconds:0.#} s; closing them");
            foreach (var connection in _connections.Keys)
            {
                connection.Abort();
            }
        }

        await all.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            StopAccepting();
        }

        await DrainAsync(TimeSpan.Zero).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (_stop.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client that reset before we accepted it; the listener itself is fine.
                _context.Log.WriteLine($"tcp: accept failed: {e.Message}");
                continue;
            }

            if (!_context.Metrics.TryOpenConnection(_maxConnections))
            {
                _ = RefuseAsync(socket);
                continue;
            }

            var connection = new TcpConnection(socket, _context);
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = ServeAsync(connection, registered.Task);
            registered.SetResult();
        }
    }

    /// <summary>Runs one connection once it is registered (so that its removal cannot come first).</summary>
    private async Task ServeAsync(TcpConnection connection, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A storage failure ends this connection; the server and other clients go on.
            _context.Log.WriteLine($"tcp {connection.RemoteAddress}: closed after an error: {e.Message}");
        }
        finally
        {
            _context.Metrics.CloseConnection();
            _connections.TryRemove(connection, out _);
        }
    }

    private async Task RefuseAsync(Socket socket)
    {
        var remote = socket.RemoteEndPoint;
        using (socket)
        {
            try
            {
                var message = Encoding.ASCII.GetBytes($"error: too many connections (limit {_maxConnections}); try again later\n");
                await socket.SendAsync(message).ConfigureAwait(false);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client is gone already; nothing to tell it.
            }
        }

        _context.Log.WriteLine($"tcp {remote}: refused, {_maxConnections} connections already open");
    }
}
