using Engine.Ingest.LineProtocol;
using Engine.Server.Serving.Config;
using Engine.Server.Serving.Http;
using Engine.Server.Serving.Tcp;
using Engine.Storage;
using Engine.Storage.Wal;

namespace Engine.Server.Serving;

/// <summary>
/// Runs the server from start to graceful stop:
/// 1. open the data folder (taking its lock);
/// 2. bind TCP and HTTP, print <c>listening tcp HOST:PORT</c>, <c>listening http URL</c>, then <c>ready</c>;
/// 3. at the first SIGINT/SIGTERM stop accepting, let TCP clients finish what they sent and HTTP
///    requests in flight answer (their points are durable before they do);
/// 4. dispose the storage engine, which commits and flushes everything, print <c>stopped</c>, return 0.
/// </summary>
internal static class ServeHost
{
    /// <summary>During shutdown, a TCP client silent for this long has sent all it had.</summary>
    private static readonly TimeSpan s_drainIdle = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Two 1 MiB pages of WAL buffer per shard (the least FasterLog takes) instead of the library's
    /// eight: pinned pages were 64 MiB of a loading server's 175 MiB with four, and the cpu dataset
    /// loaded as fast with two over TCP and over HTTP. Pages stay 1 MiB: a WAL entry must fit in one.
    /// </summary>
    private static readonly WalOptions s_wal = new() { MemorySizeBits = 21 };

    public static async Task<int> RunAsync(ServeOptions options, TextWriter output, TextWriter log)
    {
        using var signal = new ShutdownSignal(log);
        var storage = StorageEngine.Open(options.DataFolder, new StorageOptions
        {
            CommitInterval = options.CommitInterval,
            Wal = s_wal,
            Retention = options.Retention,
            RollupLateness = options.RollupLateness,
        });
        try
        {
            storage.BackgroundError += e => log.WriteLine($"storage: background job failed: {e.Message}");
            var lineProtocol = LineProtocolOptions.Default with { MaxLineBytes = options.MaxLineBytes };
            var metrics = new ServerMetrics();
            await using var committed = new CommittedSamples(storage, metrics, options.CommitInterval, log);
            var tcpContext = new TcpServerContext(storage, lineProtocol, metrics, log, options.TcpIdleTimeout, s_drainIdle);
            await using var tcp = new TcpLineProtocolListener(options.TcpEndpoint, tcpContext, options.TcpMaxConnections);
            await using var http = HttpApi.Create(options, storage, metrics, committed, lineProtocol);
            await http.StartAsync().ConfigureAwait(false);
            tcp.Start();

            output.WriteLine($"listening tcp {tcp.LocalEndpoint}");
            output.WriteLine($"listening http {http.Address}");
            output.WriteLine("ready");
            output.Flush();

            await signal.Requested.ConfigureAwait(false);
            tcp.StopAccepting();
            await Task.WhenAll(http.StopAsync(options.ShutdownTimeout), tcp.DrainAsync(options.ShutdownTimeout)).ConfigureAwait(false);
            log.WriteLine($"stopped accepting; {metrics.Tcp.PointsAccepted} points over tcp and {metrics.Http.PointsAccepted} over http; closing the data folder");
        }
        finally
        {
            storage.Dispose();
        }

        output.WriteLine("stopped");
        return 0;
    }
}
