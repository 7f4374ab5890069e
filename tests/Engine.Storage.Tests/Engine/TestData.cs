using Engine.Storage.Model;

namespace Engine.Storage.Tests.Engine;

internal static class TestData
{
    public static readonly long Start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    public static Point Cpu(string host, long timestampNs, double value, string field = "usage") =>
        new("cpu", [new("host", host), new("region", "eu")], [new(field, FieldValue.Float(value))], timestampNs);

    public static StorageOptions QuietOptions => new() { BackgroundJobs = false };

    public static List<(long Time, FieldValue Value)> ReadAll(StorageEngine engine, string measurement, string host, string field = "usage",
        long start = long.MinValue, long end = long.MaxValue)
    {
        var request = new ReadRequest(measurement) { TagFilter = [new("host", host)], Field = field, StartNs = start, EndNs = end };
        return [.. engine.Read(request).SelectMany(r => Enumerable.Range(0, r.Block.Count).Select(i => (r.Block.Timestamps[i], r.Block.ValueAt(i))))];
    }
}
