namespace Engine.Query.Language;

/// <summary>
/// <c>SELECT fields FROM measurement [WHERE ...] [GROUP BY ...] [FILL(...)] [ORDER BY time DESC]
/// [LIMIT n] [OFFSET n] [SLIMIT n] [SOFFSET n]</c>. The parser splits the WHERE clause into tag
/// conditions and time bounds, since time may only be constrained by ANDed comparisons.
/// </summary>
public sealed record SelectStatement(IReadOnlyList<SelectField> Fields, string Measurement) : Statement
{
    /// <summary>Conditions on tags, or null when every series of the measurement is selected.</summary>
    public TagCondition? Where { get; init; }

    /// <summary>Inclusive lower time bound, or null when unbounded.</summary>
    public TimeBound? Start { get; init; }

    /// <summary>Exclusive upper time bound, or null when unbounded.</summary>
    public TimeBound? End { get; init; }

    public GroupBy GroupBy { get; init; } = GroupBy.None;

    public FillMode Fill { get; init; } = FillMode.Null;

    /// <summary>What empty buckets show when <see cref="Fill"/> is <see cref="FillMode.Number"/>.</summary>
    public double FillValue { get; init; }

    public bool Descending { get; init; }

    /// <summary>Maximum rows per series, or 0 for no limit.</summary>
    public int Limit { get; init; }

    public int Offset { get; init; }

    /// <summary>Maximum series (tag groups) in the result, or 0 for no limit.</summary>
    public int SeriesLimit { get; init; }

    public int SeriesOffset { get; init; }
}

/// <summary>One column of a select: an expression and the name it is shown under.</summary>
public sealed record SelectField(Expression Expression, string? Alias);

/// <summary>
/// A time bound: nanoseconds since the epoch, or an offset from the query's <c>now()</c> when
/// <see cref="RelativeToNow"/> (so one parsed statement can be run at different times).
/// </summary>
public sealed record TimeBound(long Nanoseconds, bool RelativeToNow)
{
    public long Resolve(long nowNs) => RelativeToNow ? nowNs + Nanoseconds : Nanoseconds;
}

/// <summary><c>GROUP BY time(interval[, offset]), tag, ...</c> or <c>GROUP BY *</c>.</summary>
public sealed record GroupBy(TimeInterval? Time, IReadOnlyList<string> Tags, bool AllTags)
{
    public static GroupBy None { get; } = new(null, [], false);
}

/// <summary>Buckets of <see cref="IntervalNs"/> starting at epoch + <see cref="OffsetNs"/> (mod the interval).</summary>
public sealed record TimeInterval(long IntervalNs, long OffsetNs);

/// <summary>What an empty <c>GROUP BY time</c> bucket shows.</summary>
public enum FillMode
{
    /// <summary>A row with null values (the default).</summary>
    Null,

    /// <summary>No row at all.</summary>
    None,

    /// <summary>A row with the given number (FILL(0) or any other number).</summary>
    Number,

    /// <summary>The value of the previous non-empty bucket.</summary>
    Previous,

    /// <summary>Linear interpolation between the neighbouring non-empty buckets.</summary>
    Linear,
}
