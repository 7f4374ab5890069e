namespace Engine.DataGen;

/// <summary>What to generate: how many series sources, from when, for how long, from which seed.</summary>
public sealed record DatasetOptions
{
    /// <summary>2016-01-01T00:00:00Z, the TSBS default start.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2016, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Hosts for cpu, agents for app.</summary>
    public int Sources { get; init; } = 100;

    public DateTimeOffset Start { get; init; } = DefaultStart;

    public TimeSpan Duration { get; init; } = TimeSpan.FromDays(1);

    public ulong Seed { get; init; } = 1;

    public long StartNanoseconds => (Start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public long DurationNanoseconds => Duration.Ticks * 100;
}
