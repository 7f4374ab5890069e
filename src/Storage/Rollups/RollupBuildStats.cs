namespace Engine.Storage.Rollups;

/// <summary>What one pass of the rollup builder did.</summary>
public readonly record struct RollupBuildStats(int HoursBuilt, int LateRebuilds, int DaysBuilt, long SamplesRolledUp)
{
    public static RollupBuildStats operator +(RollupBuildStats a, RollupBuildStats b) =>
        new(a.HoursBuilt + b.HoursBuilt, a.LateRebuilds + b.LateRebuilds, a.DaysBuilt + b.DaysBuilt, a.SamplesRolledUp + b.SamplesRolledUp);
}
