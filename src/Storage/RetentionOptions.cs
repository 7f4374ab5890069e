namespace Engine.Storage;

/// <summary>How long each tier keeps data, by default and per measurement.</summary>
public sealed record RetentionOptions
{
    /// <summary>Applies to every measurement without an override: raw 30 days, hourly 90, daily 365.</summary>
    public TierRetention Default { get; init; } = new();

    /// <summary>Per-measurement retention, by measurement name.</summary>
    public IReadOnlyDictionary<string, TierRetention> Measurements { get; init; } = new Dictionary<string, TierRetention>(StringComparer.Ordinal);

    public TierRetention For(string measurement) => Measurements.TryGetValue(measurement, out var retention) ? retention : Default;

    /// <summary>The longest retention of each tier over the default and every override: files are dropped only past it.</summary>
    public TierRetention Longest => new()
    {
        Raw = Measurements.Values.Select(r => r.Raw).Append(Default.Raw).Max(),
        Hourly = Measurements.Values.Select(r => r.Hourly).Append(Default.Hourly).Max(),
        Daily = Measurements.Values.Select(r => r.Daily).Append(Default.Daily).Max(),
    };

    /// <summary>Throws when a retention is not positive or a coarser tier keeps less than a finer one.</summary>
    public void Validate()
    {
        Default.Validate("default");
        foreach (var (measurement, retention) in Measurements)
        {
            retention.Validate($"measurement '{measurement}'");
        }
    }
}

/// <summary>Retention of the three tiers of one measurement.</summary>
public sealed record TierRetention
{
    public TimeSpan Raw { get; init; } = TimeSpan.FromDays(30);

    public TimeSpan Hourly { get; init; } = TimeSpan.FromDays(90);

    public TimeSpan Daily { get; init; } = TimeSpan.FromDays(365);

    internal void Validate(string what)
    {
        if (Raw <= TimeSpan.Zero || Hourly < Raw || Daily < Hourly)
        {
            throw new ArgumentException($"retention of {what}: raw {Raw.TotalDays} days, hourly {Hourly.TotalDays}, daily {Daily.TotalDays}; each must be positive and no shorter than the tier before it");
        }
    }
}
