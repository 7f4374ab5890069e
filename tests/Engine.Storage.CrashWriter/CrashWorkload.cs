using Engine.Storage.Model;

namespace Engine.Storage.CrashWriter;

/// <summary>
/// The deterministic points of batch N, shared by the writer (which is killed) and the verifier
/// (which checks what survived): every batch writes one sample to each of a few series.
/// </summary>
public static class CrashWorkload
{
    public const int SeriesCount = 40;
    public static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    /// <summary>Two-hour steps make the workload cross day partitions and seal heads as it goes.</summary>
    public static long TimeOf(long batch) => Start + (batch * 7_200_000_000_000L / 100);

    public static double ValueOf(long batch, int series) => (batch * 31) + (series * 0.5);

    public static IEnumerable<Point> Batch(long batch) =>
        Enumerable.Range(0, SeriesCount).Select(s => new Point(
            "crash",
            [new("series", $"s{s:D2}")],
            [new("value", FieldValue.Float(ValueOf(batch, s))), new("batch", FieldValue.Integer(batch))],
            TimeOf(batch)));
}
