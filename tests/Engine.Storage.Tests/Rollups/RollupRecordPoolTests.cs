using Engine.Storage.Model;
using Engine.Storage.Rollups;
using Engine.Storage.Tests.Engine;

namespace Engine.Storage.Tests.Rollups;

/// <summary>A record rented again after use holds nothing of its previous life.</summary>
public sealed class RollupRecordPoolTests
{
    private const long Hour = TimeMath.NanosPerHour;

    [Theory]
    [InlineData(FieldType.Float)]
    [InlineData(FieldType.Integer)]
    [InlineData(FieldType.String)]
    public void A_reused_record_serializes_as_a_new_one(FieldType type)
    {
        var pool = new RollupRecordPool();
        var used = pool.Rent(7, type, TestData.Start);
        Fill(used, TestData.Start, [1e9, -3.5, double.PositiveInfinity, 42], "before");
        pool.Return(used);

        var reused = pool.Rent(8, type, TestData.Start + Hour);
        Assert.Same(used.Summary, reused.Summary);
        Fill(reused, TestData.Start + Hour, [2.25, 7], "after");
        var fresh = new RollupRecord(8, type, TestData.Start + Hour, new SampleSummary(exactSum: true), NumericBits.IsNumeric(type) ? new QuantileSketch() : null);
        Fill(fresh, TestData.Start + Hour, [2.25, 7], "after");

        Assert.Equal(Serialize(fresh), Serialize(reused));
    }

    private static void Fill(RollupRecord record, long start, double[] values, string text)
    {
        var timestamps = values.Select((_, i) => start + i).ToArray();
        var bits = values.Select(v => record.Type == FieldType.Float ? BitConverter.DoubleToUInt64Bits(v) : unchecked((ulong)(long)Math.Clamp(v, -1e12, 1e12))).ToArray();
        var strings = values.Select(v => (string?)$"{text} {v}").ToArray();
        record.Summary.Add(record.Type, timestamps, bits, strings);
        foreach (var raw in bits)
        {
            record.Sketch?.Add(NumericBits.ToDouble(record.Type, raw));
        }
    }

    private static byte[] Serialize(RollupRecord record) => RollupFileFormat.Serialize(RollupTier.Hourly, 0, TimeMath.DayOf(record.Start), [record]);
}
