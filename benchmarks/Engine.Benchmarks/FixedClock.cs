namespace Engine.Benchmarks;

/// <summary>A clock stopped at one time, so that a benchmark's data is as old (rolled up, expired) as it says.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
