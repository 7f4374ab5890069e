using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

public class FloatCodecTests
{
    [Property(MaxTest = 500)]
    public void Any_bit_pattern_round_trips(ulong[] bits)
    {
        var values = bits.Select(BitConverter.UInt64BitsToDouble).ToArray();
        Columns.AssertBitsEqual(values, Columns.Floats(values).Decoded);
    }

    [Property(MaxTest = 500)]
    public void Generated_doubles_round_trip(double[] values)
    {
        Columns.AssertBitsEqual(values, Columns.Floats(values).Decoded);
    }

    [Property(MaxTest = 500)]
    public void Exact_decimals_round_trip_through_the_decimal_path(long[] mantissas, byte exponentSeed)
    {
        var exponent = exponentSeed % 16;
        var values = mantissas.Select(m => (m % 1_000_000_000L) / Math.Pow(10, exponent)).ToArray();
        var (encoding, _, decoded) = Columns.Floats(values);
        Columns.AssertBitsEqual(values, decoded);
        if (values.Length > 1 && !values.Any(v => v == 0 && double.IsNegative(v)))
            Assert.NotEqual(ColumnEncoding.Raw64, encoding);
    }

    private static readonly double[][] SpecialCases =
    [
        [],
        [58.12],
        [double.NaN, -double.NaN, BitConverter.UInt64BitsToDouble(0x7FF0_0000_0000_0001), BitConverter.UInt64BitsToDouble(0xFFF4_0000_DEAD_BEEF)],
        [0.0, -0.0, 0.0, -0.0],
        [double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon],
        [1e-310, 2.5e-320, BitConverter.UInt64BitsToDouble(0x000F_FFFF_FFFF_FFFF)],
        [58.12, 58.13, -0.0, 58.11],
        [58.12, 58.13, double.NaN, 58.11],
        [0.1 + 0.2, 0.3, 0.1],
        [9007199254740993.0, 9007199254740992.0, 1e15, 123456789.123456],
        [1e300, 1e-300, 5e-324],
    ];

    public static TheoryData<double[]> Specials()
    {
        var data = new TheoryData<double[]>();
        foreach (var values in SpecialCases)
            data.Add(values);
        return data;
    }

    [Theory]
    [MemberData(nameof(Specials))]
    public void Special_values_round_trip_bit_exactly(double[] values)
    {
        Columns.AssertBitsEqual(values, Columns.Floats(values).Decoded);
    }

    [Fact]
    public void Two_decimal_walk_takes_the_decimal_path_and_stays_near_one_byte_per_sample()
    {
        var values = Columns.TwoDecimalWalk(8192, seed: 1);
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatDecimalRans, encoding);
        Assert.True(bytes.Length < 8192 * 1.1, $"{bytes.Length} bytes");
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void Short_two_decimal_columns_take_the_decimal_path()
    {
        var values = new[] { 58.12, 58.13, 58.0, 57.99, 0.0, 100.0 };
        var (encoding, _, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatDecimalPacked, encoding);
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void Values_that_only_look_decimal_do_not_take_the_decimal_path()
    {
        // 0.1 + 0.2 prints as 0.30000000000000004: no short decimal maps to its exact bits.
        var values = Columns.TwoDecimalWalk(100, seed: 2);
        values[50] = 0.1 + 0.2;
        var (encoding, _, decoded) = Columns.Floats(values);
        Assert.NotEqual(ColumnEncoding.FloatDecimalPacked, encoding);
        Assert.NotEqual(ColumnEncoding.FloatDecimalRans, encoding);
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void Random_doubles_use_gorilla_or_raw()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 8192).Select(_ => random.NextDouble() * 1000).ToArray();
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.True(encoding is ColumnEncoding.FloatGorilla or ColumnEncoding.Raw64, encoding.ToString());
        Assert.True(bytes.Length <= 8 * 8192);
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void A_constant_short_decimal_costs_a_few_bytes()
    {
        var values = Enumerable.Repeat(Math.PI, 8192).ToArray(); // prints as 3.141592653589793
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatDecimalPacked, encoding);
        Assert.True(bytes.Length <= 16, $"{bytes.Length} bytes");
        Columns.AssertBitsEqual(values, decoded);
    }

    [Fact]
    public void Repeated_values_use_gorilla_at_about_one_bit_each()
    {
        // π/3 needs 17 significant digits, more than any exponent up to 15 can give.
        var values = Enumerable.Repeat(Math.PI / 3, 8192).ToArray();
        var (encoding, bytes, decoded) = Columns.Floats(values);
        Assert.Equal(ColumnEncoding.FloatGorilla, encoding);
        // Each frame restarts with its first value (8 bytes) after a 2-byte length.
        Assert.True(bytes.Length <= (Frames.Count(8192) * (8 + 2)) + (8192 / 8) + 1, $"{bytes.Length} bytes");
        Columns.AssertBitsEqual(values, decoded);
    }
}
