namespace Engine.Ingest.LineProtocol;

/// <summary>Settings of a <see cref="LineProtocolReader"/>.</summary>
public sealed record LineProtocolOptions
{
    /// <summary>The default: nanosecond timestamps, 1 MiB lines, the system clock for missing timestamps.</summary>
    public static LineProtocolOptions Default { get; } = new();

    /// <summary>Unit of the timestamps in the text; they are multiplied up to nanoseconds with an overflow check.</summary>
    public TimestampPrecision Precision { get; init; } = TimestampPrecision.Nanoseconds;

    /// <summary>
    /// Longest accepted line in bytes, not counting its line ending (default 1 MiB). A longer line is
    /// reported as an error and skipped up to the next newline; it also bounds how much of an
    /// incomplete line a streaming caller must buffer.
    /// </summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Timestamp in nanoseconds for lines without one. When null, <see cref="TimeProvider"/> is read
    /// once per <c>Parse</c> call (InfluxDB stamps a whole write request with one "now").
    /// </summary>
    public long? DefaultTimestampNs { get; init; }

    /// <summary>The clock used when <see cref="DefaultTimestampNs"/> is null.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
