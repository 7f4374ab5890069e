namespace Engine.Storage;

/// <summary>What a read of one series over a time range touches: encoded chunks, their bytes, and whether the head has samples.</summary>
public readonly record struct ReadPlan(int Chunks, long Bytes, bool TouchesHead);
