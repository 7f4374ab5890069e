using Engine.Query.Language;

namespace Engine.Query.Execution;

/// <summary>A resolved, half-open time range [<see cref="Start"/>, <see cref="End"/>) in nanoseconds.</summary>
public readonly record struct TimeRange(long Start, long End)
{
    public static TimeRange All { get; } = new(long.MinValue, long.MaxValue);

    public bool IsEmpty => Start >= End;

    public bool HasStart => Start != long.MinValue;

    public bool HasEnd => End != long.MaxValue;

    public static TimeRange Of(SelectStatement select, long nowNs) => new(
        select.Start?.Resolve(nowNs) ?? long.MinValue,
        select.End?.Resolve(nowNs) ?? long.MaxValue);
}
