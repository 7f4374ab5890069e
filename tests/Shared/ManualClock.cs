namespace Engine.Tests;

/// <summary>A clock that moves only when a test moves it. Linked into the test projects that need one.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private DateTimeOffset _now = now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    public void Advance(TimeSpan by) => _now += by;

    /// <summary>Sets the clock to a time in nanoseconds since the epoch.</summary>
    public void SetNs(long nanoseconds) => _now = DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);
}
