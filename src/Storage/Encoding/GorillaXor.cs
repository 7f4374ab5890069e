using System.Numerics;

namespace Engine.Storage.Encoding;

/// <summary>
/// <see cref="ColumnEncoding.FloatGorilla"/>: Facebook Gorilla XOR compression of the IEEE-754
/// bits, as one LSB-first bit stream (see <see cref="BitWriter"/>), zero-padded to a byte:
/// <code>
///   64 bits  first value
///   per following value, x = bits XOR previous bits:
///     1 bit  0                                   x == 0
///     2 bits 1,0 then (window length) bits       x fits the previous window of meaningful bits
///     2 bits 1,1 then 6 bits leading zeros (0..63), 6 bits window length - 1 (1..64),
///            then (window length) bits           opens a new window
/// </code>
/// Unlike the paper, leading zeros take 6 bits (no cap at 31), so a window is always exact.
/// </summary>
internal static class GorillaXor
{
    // A new window header costs 12 bits; reusing a wider old one is worth it below that waste.
    private const int NewWindowHeaderBits = 12;

    public static int MaxEncodedLength(int count) => 8 + (10 * count);

    public static int Encode(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var writer = new BitWriter(destination);
        if (values.IsEmpty)
            return 0;
        var previous = BitConverter.DoubleToUInt64Bits(values[0]);
        writer.Write(previous, 64);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < values.Length; i++)
        {
            var bits = BitConverter.DoubleToUInt64Bits(values[i]);
            var x = bits ^ previous;
            previous = bits;
            if (x == 0)
            {
                writer.Write(0, 1);
                continue;
            }

            var leading = BitOperations.LeadingZeroCount(x);
            var trailing = BitOperations.TrailingZeroCount(x);
            var length = 64 - leading - trailing;
            var fitsWindow = windowLeading >= 0 && leading >= windowLeading
                && trailing >= 64 - windowLeading - windowLength;
            if (fitsWindow && windowLength - length < NewWindowHeaderBits)
            {
                writer.Write(0b01, 2); // bits 1,0 in stream order
                writer.Write(x >> (64 - windowLeading - windowLength), windowLength);
                continue;
            }

            windowLeading = leading;
            windowLength = length;
            writer.Write(0b11, 2);
            writer.Write((ulong)leading, 6);
            writer.Write((ulong)(length - 1), 6);
            writer.Write(x >> trailing, length);
        }

        return writer.Finish();
    }

    public static void Decode(ReadOnlySpan<byte> input, Span<double> output)
    {
        var reader = new BitReader(input);
        if (output.IsEmpty)
        {
            reader.EnsureFullyConsumed("gorilla floats");
            return;
        }

        var previous = reader.Read(64);
        output[0] = BitConverter.UInt64BitsToDouble(previous);
        var windowLeading = -1;
        var windowLength = 0;
        for (var i = 1; i < output.Length; i++)
        {
            if (reader.ReadBit())
            {
                if (reader.ReadBit())
                {
                    windowLeading = (int)reader.Read(6);
                    windowLength = (int)reader.Read(6) + 1;
                    if (windowLeading + windowLength > 64)
                        Corrupt.Throw("gorilla window wider than 64 bits");
                }
                else if (windowLeading < 0)
                {
                    Corrupt.Throw("gorilla reuses a window before opening one");
                }

                previous ^= reader.Read(windowLength) << (64 - windowLeading - windowLength);
            }

            output[i] = BitConverter.UInt64BitsToDouble(previous);
        }

        reader.EnsureFullyConsumed("gorilla floats");
    }
}
