using Engine.Ingest.Writing;

namespace Engine.Server.Serving;

/// <summary>
/// Counters of one ingest protocol, updated once per read burst or request, never per line, and only
/// once storage has taken the burst's or request's samples (<see cref="CommittedSamples"/> relies on it).
/// </summary>
internal sealed class ProtocolCounters(string protocol)
{
    private long _pointsAccepted;
    private long _samplesAccepted;
    private long _linesRejected;
    private long _bytesReceived;

    public string Protocol { get; } = protocol;

    public long PointsAccepted => Interlocked.Read(ref _pointsAccepted);

    public long SamplesAccepted => Interlocked.Read(ref _samplesAccepted);

    public long LinesRejected => Interlocked.Read(ref _linesRejected);

    public long BytesReceived => Interlocked.Read(ref _bytesReceived);

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytesReceived, bytes);

    /// <summary>Adds what <paramref name="result"/> gained since <paramref name="seen"/>, and moves <paramref name="seen"/> up to it.</summary>
    public void AddSince(IngestResult result, ref IngestSnapshot seen)
    {
        Interlocked.Add(ref _pointsAccepted, result.PointsAccepted - seen.Points);
        Interlocked.Add(ref _samplesAccepted, result.SamplesAccepted - seen.Samples);
        Interlocked.Add(ref _linesRejected, result.LinesRejected - seen.Rejected);
        seen = new IngestSnapshot(result.PointsAccepted, result.SamplesAccepted, result.LinesRejected);
    }
}

/// <summary>The counts of an <see cref="IngestResult"/> already added to the server's counters.</summary>
internal readonly record struct IngestSnapshot(long Points, long Samples, long Rejected);

/// <summary>What the server itself counts, for <c>/metrics</c>.</summary>
internal sealed class ServerMetrics
{
    private long _tcpConnectionsOpen;
    private long _tcpConnectionsTotal;
    private long _tcpConnectionsRefused;
    private long _httpWriteRequests;

    public ProtocolCounters Tcp { get; } = new("tcp");

    public ProtocolCounters Http { get; } = new("http");

    public long TcpConnectionsOpen => Interlocked.Read(ref _tcpConnectionsOpen);

    public long TcpConnectionsTotal => Interlocked.Read(ref _tcpConnectionsTotal);

    public long TcpConnectionsRefused => Interlocked.Read(ref _tcpConnectionsRefused);

    public long HttpWriteRequests => Interlocked.Read(ref _httpWriteRequests);

    /// <summary>Counts a new connection as open if fewer than <paramref name="max"/> are; false when it must be refused.</summary>
    public bool TryOpenConnection(int max)
    {
        while (true)
        {
            var open = Interlocked.Read(ref _tcpConnectionsOpen);
            if (open >= max)
            {
                Interlocked.Increment(ref _tcpConnectionsRefused);
                return false;
            }

            if (Interlocked.CompareExchange(ref _tcpConnectionsOpen, open + 1, open) == open)
            {
                Interlocked.Increment(ref _tcpConnectionsTotal);
                return true;
            }
        }
    }

    public void CloseConnection() => Interlocked.Decrement(ref _tcpConnectionsOpen);

    public void CountWriteRequest() => Interlocked.Increment(ref _httpWriteRequests);
}
