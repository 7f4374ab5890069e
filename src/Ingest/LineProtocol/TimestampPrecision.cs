namespace Engine.Ingest.LineProtocol;

/// <summary>The unit of the integer timestamps in a line-protocol body, chosen by the caller.</summary>
public enum TimestampPrecision
{
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
}
