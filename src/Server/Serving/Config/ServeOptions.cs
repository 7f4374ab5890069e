using System.Net;
using Engine.Storage;

namespace Engine.Server.Serving.Config;

/// <summary>
/// Everything <c>engine serve</c> is told: defaults here, then the JSON config file, then flags
/// (each later source overrides the earlier one key by key).
/// </summary>
internal sealed record ServeOptions
{
    /// <summary>Data folder, relative to the current directory unless absolute (default <c>data</c>).</summary>
    public string DataFolder { get; init; } = "data";

    /// <summary>Line protocol over TCP (default 127.0.0.1:9009); port 0 picks a free port.</summary>
    public IPEndPoint TcpEndpoint { get; init; } = new(IPAddress.Loopback, 9009);

    /// <summary>HTTP API (default 127.0.0.1:8086); port 0 picks a free port.</summary>
    public IPEndPoint HttpEndpoint { get; init; } = new(IPAddress.Loopback, 8086);

    /// <summary>Open TCP connections at most (default 1000); one more gets a one-line error and is closed.</summary>
    public int TcpMaxConnections { get; init; } = 1000;

    /// <summary>A TCP connection that sends nothing for this long is closed (default 5 minutes).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest line protocol line in bytes, TCP and HTTP alike (default 1 MiB).</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Largest HTTP write body in bytes, after gzip decompression too (default 25 MiB); larger gets 413.</summary>
    public long HttpMaxBodyBytes { get; init; } = 25L << 20;

    /// <summary>How long non-durable (TCP) writes may wait for their WAL commit (default 100 ms).</summary>
    /// <summary>How long each tier keeps data, by default and per measurement (raw 30 days, hourly 90, daily 365).</summary>
    public RetentionOptions Retention { get; init; } = new();

    /// <summary>How long past its end an hour waits for late points before it is rolled up.</summary>
    public TimeSpan RollupLateness { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Secret that HTTP clients must send as <c>Authorization: Token …</c> or <c>Bearer …</c>
    /// (every endpoint but /ping and /health); null (the default) means no authentication.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Allows listening on a non-loopback address without protection (default false).</summary>
    public bool Insecure { get; init; }

    /// <summary>At shutdown, how long open TCP connections may keep sending before they are cut (default 10 s).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
