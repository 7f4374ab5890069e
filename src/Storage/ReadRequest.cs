namespace Engine.Storage;

/// <summary>
/// Which raw samples to read: one measurement, tags that must match exactly, one field or all,
/// and a half-open time range [<see cref="StartNs"/>, <see cref="EndNs"/>).
/// </summary>
public sealed record ReadRequest(string Measurement)
{
    public IReadOnlyList<KeyValuePair<string, string>> TagFilter { get; init; } = [];

    /// <summary>The field to read, or null for every field.</summary>
    public string? Field { get; init; }

    public long StartNs { get; init; } = long.MinValue;

    public long EndNs { get; init; } = long.MaxValue;
}
