using System.Buffers.Binary;
using System.Numerics;
using Engine.Storage.Encoding;
using Engine.Storage.IO;

namespace Engine.Storage.Head;

/// <summary>
/// Packs a block of head samples (up to <see cref="MaxSamples"/>, in arrival order, not
/// necessarily sorted) into bytes that stay in memory until the head is sealed, and unpacks them
/// bit-exactly. Unlike the chunk encodings it aims at speed over size: each column is bit-packed
/// at one width per block.
/// <list type="bullet">
/// <item>timestamps: the first, then offsets from it in the block's unit (the largest of 1 s,
/// 1 ms, 1 µs and 1 ns that divides them all), as the first delta and zigzagged delta-of-deltas;
/// a regular interval costs 0 bits a sample. Delta-of-deltas wider than the block's width are
/// exceptions, stored after the bits as (index, varint): the samples of one series that arrive
/// over several connections at once jump back and forth in time, and those few jumps would
/// otherwise widen every field;</item>
/// <item>values as 64-bit integers (integers, unsigned, booleans, and floats that are exact decimals
/// with at most <see cref="MaxDecimals"/> digits after the point, scaled to integers): offsets from
/// the block's minimum, or zigzagged deltas, whichever is narrower;</item>
/// <item>other floats: XOR with the previous value, without the block's common trailing zeros.</item>
/// </list>
/// Layout: u16 count | i64 first timestamp | i64 first delta (in units) | u8 unit | u8 timestamp
/// width | u8 exceptions | u8 value mode | u8 decimals or trailing zeros | u8 value width |
/// i64 value base | bits: delta-of-deltas, then values | exceptions: (u8 index, varint zigzag).
/// </summary>
internal static class HeadBlockCodec
{
    public const int MaxSamples = 256;

    /// <summary>Most digits after the decimal point a float may have to be packed as an integer.</summary>
    public const int MaxDecimals = 15;

    private const int HeaderBytes = 2 + 8 + 8 + 6 + 8;

    private const byte ModeOffsets = 0;
    private const byte ModeDeltas = 1;
    private const byte ModeXor = 2;

    private static readonly double[] s_powersOfTen = [.. Enumerable.Range(0, MaxDecimals + 1).Select(k => Math.Pow(10, k))];

    private static readonly long[] s_units = [1, 1_000, 1_000_000, 1_000_000_000];

    /// <summary>Bytes <see cref="Encode"/> may need for <paramref name="count"/> samples.</summary>
    public static int MaxEncodedBytes(int count) => HeaderBytes + (count * 16) + 16;

    /// <summary>
    /// Packs <paramref name="timestamps"/> and <paramref name="values"/> (1..<see cref="MaxSamples"/>
    /// samples; values as bits, floats when <paramref name="floats"/>) into <paramref name="destination"/>,
    /// which holds at least <see cref="MaxEncodedBytes"/>; returns the bytes written.
    /// </summary>
    public static int Encode(ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> values, bool floats, Span<byte> destination)
    {
        var count = timestamps.Length;
        if (count is < 1 or > MaxSamples || values.Length != count)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamps), count, "a head block holds 1 to 256 samples");
        }

        unchecked
        {
            // Delta-of-deltas of the offsets from the first timestamp, in the block's unit. Offsets
            // and their differences wrap around on overflow; decoding wraps back.
            var unit = UnitOf(timestamps);
            var firstDelta = count > 1 ? Quotient(timestamps[1] - timestamps[0], unit) : 0;
            Span<ulong> dods = stackalloc ulong[count];
            Span<int> widths = stackalloc int[65];
            var previousOffset = firstDelta;
            var previousDelta = firstDelta;
            for (var i = 2; i < count; i++)
            {
                var offset = Quotient(timestamps[i] - timestamps[0], unit);
                var delta = offset - previousOffset;
                dods[i] = Varint.ZigZag(delta - previousDelta);
                widths[Width(dods[i])]++;
                previousOffset = offset;
                previousDelta = delta;
            }

            var (timestampWidth, exceptions) = ChooseWidth(widths);

            Span<long> integers = stackalloc long[count];
            byte decimals = 0;
            var asIntegers = !floats || TryScaleDecimals(values, integers, out decimals);
            if (!floats)
            {
                for (var i = 0; i < count; i++)
                {
                    integers[i] = (long)values[i];
                }
            }

            byte mode;
            byte shift;
            int valueWidth;
            long valueBase;
            if (asIntegers)
            {
                var min = integers[0];
                var max = integers[0];
                ulong deltaBits = 0;
                for (var i = 1; i < count; i++)
                {
                    min = Math.Min(min, integers[i]);
                    max = Math.Max(max, integers[i]);
                    deltaBits |= Varint.ZigZag(integers[i] - integers[i - 1]);
                }

                var offsetWidth = Width((ulong)(max - min));
                var deltaWidth = Width(deltaBits);
                shift = decimals;
                if ((long)offsetWidth * count <= (long)deltaWidth * (count - 1))
                {
                    mode = ModeOffsets;
                    valueWidth = offsetWidth;
                    valueBase = min;
                }
                else
                {
                    mode = ModeDeltas;
                    valueWidth = deltaWidth;
                    valueBase = integers[0];
                }
            }
            else
            {
                ulong xorBits = 0;
                for (var i = 1; i < count; i++)
                {
                    xorBits |= values[i] ^ values[i - 1];
                }

                mode = ModeXor;
                shift = xorBits == 0 ? (byte)0 : (byte)BitOperations.TrailingZeroCount(xorBits);
                valueWidth = Width(xorBits >> shift);
                valueBase = (long)values[0];
            }

            BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)count);
            BinaryPrimitives.WriteInt64LittleEndian(destination[2..], timestamps[0]);
            BinaryPrimitives.WriteInt64LittleEndian(destination[10..], firstDelta);
            destination[18] = (byte)unit;
            destination[19] = (byte)timestampWidth;
            destination[20] = (byte)exceptions;
            destination[21] = mode;
            destination[22] = shift;
            destination[23] = (byte)valueWidth;
            BinaryPrimitives.WriteInt64LittleEndian(destination[24..], valueBase);

            var writer = new BitWriter(destination[HeaderBytes..]);
            if (timestampWidth > 0)
            {
                for (var i = 2; i < count; i++)
                {
                    writer.Write(Width(dods[i]) <= timestampWidth ? dods[i] : 0, timestampWidth);
                }
            }

            if (valueWidth > 0)
            {
                switch (mode)
                {
                    case ModeOffsets:
                        for (var i = 0; i < count; i++)
                        {
                            writer.Write((ulong)(integers[i] - valueBase), valueWidth);
                        }

                        break;
                    case ModeDeltas:
                        for (var i = 1; i < count; i++)
                        {
                            writer.Write(Varint.ZigZag(integers[i] - integers[i - 1]), valueWidth);
                        }

                        break;
                    default:
                        for (var i = 1; i < count; i++)
                        {
                            writer.Write((values[i] ^ values[i - 1]) >> shift, valueWidth);
                        }

                        break;
                }
            }

            var length = HeaderBytes + writer.Finish();
            if (exceptions > 0)
            {
                for (var i = 2; i < count; i++)
                {
                    if (Width(dods[i]) > timestampWidth)
                    {
                        destination[length++] = (byte)i;
                        length += Varint.Write(destination[length..], dods[i]);
                    }
                }
            }

            return length;
        }
    }

    /// <summary>Samples in the block that starts <paramref name="source"/>.</summary>
    public static int CountOf(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt16LittleEndian(source);

    /// <summary>
    /// Unpacks the block that starts <paramref name="source"/> into the first <see cref="CountOf"/>
    /// elements of the destinations; returns the bytes the block occupies.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, bool floats, Span<long> timestamps, Span<ulong> values)
    {
        var count = CountOf(source);
        var first = BinaryPrimitives.ReadInt64LittleEndian(source[2..]);
        var firstDelta = BinaryPrimitives.ReadInt64LittleEndian(source[10..]);
        var unit = s_units[source[18]];
        var timestampWidth = source[19];
        var exceptions = source[20];
        var mode = source[21];
        var shift = source[22];
        int valueWidth = source[23];
        var valueBase = BinaryPrimitives.ReadInt64LittleEndian(source[24..]);
        var reader = new BitReader(source[HeaderBytes..]);
        unchecked
        {
            // Zigzagged delta-of-deltas first; exceptions are patched in once the bits are read.
            for (var i = 2; i < count; i++)
            {
                timestamps[i] = (long)reader.Read(timestampWidth);
            }

            switch (mode)
            {
                case ModeOffsets:
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = (ulong)(valueBase + (long)reader.Read(valueWidth));
                    }

                    break;
                case ModeDeltas:
                    values[0] = (ulong)valueBase;
                    for (var i = 1; i < count; i++)
                    {
                        values[i] = (ulong)((long)values[i - 1] + Varint.UnZigZag(reader.Read(valueWidth)));
                    }

                    break;
                default:
                    values[0] = (ulong)valueBase;
                    for (var i = 1; i < count; i++)
                    {
                        values[i] = values[i - 1] ^ (reader.Read(valueWidth) << shift);
                    }

                    break;
            }

            var length = HeaderBytes + reader.BytesConsumed;
            for (var e = 0; e < exceptions; e++)
            {
                var index = source[length++];
                length += Varint.TryRead(source[length..], out var field);
                timestamps[index] = (long)field;
            }

            timestamps[0] = first;
            if (count > 1)
            {
                var delta = firstDelta;
                var offset = firstDelta;
                timestamps[1] = first + (offset * unit);
                for (var i = 2; i < count; i++)
                {
                    delta += Varint.UnZigZag((ulong)timestamps[i]);
                    offset += delta;
                    timestamps[i] = first + (offset * unit);
                }
            }

            if (floats && mode != ModeXor)
            {
                var scale = s_powersOfTen[shift];
                for (var i = 0; i < count; i++)
                {
                    values[i] = BitConverter.DoubleToUInt64Bits((long)values[i] / scale);
                }
            }

            return length;
        }
    }

    /// <summary>
    /// Finds the fewest decimals (0..<see cref="MaxDecimals"/>) with which every value is an integer
    /// m such that m / 10^decimals gives back its exact bits, and fills <paramref name="integers"/>
    /// with the m; false when there is none (NaN, infinities, -0.0, too many digits).
    /// </summary>
    private static bool TryScaleDecimals(ReadOnlySpan<ulong> values, Span<long> integers, out byte decimals)
    {
        var k = 0;
        var scaledFrom = 0; // integers[scaledFrom..] were scaled with the current k
        for (var i = 0; i < values.Length; i++)
        {
            while (!TryScale(values[i], k, out integers[i]))
            {
                if (++k > MaxDecimals)
                {
                    decimals = 0;
                    return false;
                }

                scaledFrom = i;
            }
        }

        for (var i = 0; i < scaledFrom; i++)
        {
            if (!TryScale(values[i], k, out integers[i]))
            {
                decimals = 0;
                return false;
            }
        }

        decimals = (byte)k;
        return true;
    }

    private static bool TryScale(ulong bits, int decimals, out long integer)
    {
        var scale = s_powersOfTen[decimals];
        var scaled = BitConverter.UInt64BitsToDouble(bits) * scale;
        if (!(Math.Abs(scaled) < 9007199254740992.0)) // 2^53, where doubles stop holding every integer; false for NaN
        {
            integer = 0;
            return false;
        }

        integer = (long)Math.Round(scaled);
        return BitConverter.DoubleToUInt64Bits(integer / scale) == bits;
    }

    /// <summary>Index into <see cref="s_units"/> of the largest unit that divides every offset from the first timestamp.</summary>
    private static int UnitOf(ReadOnlySpan<long> timestamps)
    {
        var unit = s_units.Length - 1;
        for (var i = 1; i < timestamps.Length && unit > 0; i++)
        {
            var offset = unchecked(timestamps[i] - timestamps[0]);
            while (unit > 0 && Quotient(offset, unit) * s_units[unit] != offset)
            {
                unit--;
            }
        }

        return unit;
    }

    /// <summary><paramref name="value"/> divided by a unit, with constant divisors (which compile to multiplications).</summary>
    private static long Quotient(long value, int unit) => unit switch
    {
        3 => value / 1_000_000_000,
        2 => value / 1_000_000,
        1 => value / 1_000,
        _ => value,
    };

    /// <summary>
    /// The field width that packs the delta-of-deltas (counted by width in <paramref name="widths"/>)
    /// into the fewest bits, wider ones becoming exceptions (at most 255), and how many those are.
    /// </summary>
    private static (int Width, int Exceptions) ChooseWidth(ReadOnlySpan<int> widths)
    {
        var fields = 0;
        foreach (var n in widths)
        {
            fields += n;
        }

        var bestWidth = 64;
        var bestCost = (long)fields * 64;
        var bestExceptions = 0;
        var exceptions = 0;
        long exceptionBits = 0;
        for (var width = 63; width >= 0; width--)
        {
            // Fields one bit wider than this width become exceptions: an index byte and a varint.
            var wider = width + 1;
            exceptions += widths[wider];
            exceptionBits += widths[wider] * (8L + (8L * ((wider + 6) / 7)));
            if (exceptions > byte.MaxValue)
            {
                break;
            }

            var cost = ((long)fields * width) + exceptionBits;
            if (cost < bestCost)
            {
                bestCost = cost;
                bestWidth = width;
                bestExceptions = exceptions;
            }
        }

        return (bestWidth, bestExceptions);
    }

    private static int Width(ulong bits) => 64 - BitOperations.LeadingZeroCount(bits);

}
