using System.Buffers;
using Engine.Storage.Encoding;

namespace Engine.Storage.Tests.Encoding;

/// <summary>Round-trip helpers: encode into a fresh writer, decode into an array of the same count.</summary>
internal static class Columns
{
    public static (ColumnEncoding Encoding, byte[] Bytes, long[] Decoded) Timestamps(long[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = TimestampCodec.Encode(values, writer);
        var decoded = new long[values.Length];
        TimestampCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    public static (ColumnEncoding Encoding, byte[] Bytes, double[] Decoded) Floats(double[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = FloatCodec.Encode(values, writer);
        var decoded = new double[values.Length];
        FloatCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    public static (ColumnEncoding Encoding, byte[] Bytes, long[] Decoded) Integers(long[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = IntegerCodec.Encode(values, writer);
        var decoded = new long[values.Length];
        IntegerCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    public static (ColumnEncoding Encoding, byte[] Bytes, ulong[] Decoded) Unsigned(ulong[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = UnsignedCodec.Encode(values, writer);
        var decoded = new ulong[values.Length];
        UnsignedCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    public static (ColumnEncoding Encoding, byte[] Bytes, bool[] Decoded) Booleans(bool[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = BooleanCodec.Encode(values, writer);
        var decoded = new bool[values.Length];
        BooleanCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    public static (ColumnEncoding Encoding, byte[] Bytes, string[] Decoded) Strings(string[] values)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = StringCodec.Encode(values, writer);
        var decoded = new string[values.Length];
        StringCodec.Decode(encoding, writer.WrittenSpan, decoded);
        return (encoding, writer.WrittenSpan.ToArray(), decoded);
    }

    /// <summary>Compares doubles by their bits, so NaN payloads and -0.0 count.</summary>
    public static void AssertBitsEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToUInt64Bits(expected[i]) == BitConverter.DoubleToUInt64Bits(actual[i]), $"sample {i}: {expected[i]:R} became {actual[i]:R}");
    }

    /// <summary>A random walk with N(0, 1) steps in [0, 100], rounded to two decimals (the cpu dataset's shape).</summary>
    public static double[] TwoDecimalWalk(int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        var v = random.NextDouble() * 100;
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            v = Math.Clamp(v + (Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)), 0, 100);
            values[i] = Math.Round(v * 100) / 100;
        }

        return values;
    }
}
