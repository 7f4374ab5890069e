using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// The bounded form: deltas of a column whose lowest value min and highest value max the decoder
/// knows, as gauges clamped to a range have (a CPU at 0 % or 100 %). After a value at a bound the
/// next delta cannot leave the range, and clamped gauges tend to stay put, so such a delta is coded
/// in a second context: a binary "stays" decision, then, if it moves, its residual symbol with the
/// sign bit left out of the extra bits (the sign is implied by the bound).
///
/// Layout:
/// <code>
///   RansTable                 symbols of every residual not coded as "stays"
///   12 bits  stayFrequency    1..4095 of 4096: how likely a value at a bound stays there
///   (zero padding to a byte boundary)
///   frames                    as in the plain form; a sample after a bound first decodes its
///                             "stays" decision (scale 12), then, unless it stays, its symbol;
///                             its extra bits leave out the lowest (the zigzag sign)
/// </code>
/// Each frame starts from its restart value, which the caller keeps. When min == max every delta
/// must stay; a decoded move there is corruption.
/// </summary>
internal static partial class RansResiduals
{
    public const int StayScaleBits = 12;
    private const int StayTotal = 1 << StayScaleBits;

    // Per sample: which bounds the previous value sits on, and whether it stays there.
    private const byte AtMin = 1;
    private const byte AtMax = 2;
    private const byte Stays = 4;

    [ThreadStatic] private static byte[]? t_sides;

    /// <summary>Upper bound of the bounded form's encoded size, for sizing the destination.</summary>
    public static int MaxEncodedBoundedLength(int count) => MaxEncodedLength(count) + 2 + (2 * count);

    /// <summary>
    /// Encodes the deltas of a column laid out by <paramref name="shape"/> (one restart per frame:
    /// frame k starts at <paramref name="restarts"/>[k]) whose values all lie in
    /// [<paramref name="min"/>, <paramref name="max"/>], both of which occur, and max - min fits a
    /// long (so no delta wraps and a move off a bound has the implied sign).
    /// </summary>
    public static int EncodeBounded(ReadOnlySpan<long> residuals, FrameShape shape, ReadOnlySpan<long> restarts, long min, long max, Span<byte> destination)
    {
        Debug.Assert(min <= max && unchecked(max - min) >= 0, "bounded form needs max - min within a long");
        Debug.Assert(shape.Restarts == 1, "the bounded form restarts each frame at its first value");
        var n = residuals.Length;
        var symbols = ScratchBuffer.Get(ref t_symbols, n);
        var sides = ScratchBuffer.Get(ref t_sides, n);
        Span<int> counts = stackalloc int[ResidualSymbols.Count];
        counts.Clear();
        var coded = 0;
        var atBound = 0;
        var stays = 0;
        for (var frame = 0; frame < shape.FrameCount; frame++)
        {
            var value = restarts[frame];
            var end = shape.ResidualStart(frame) + shape.ResidualCount(frame);
            for (var i = shape.ResidualStart(frame); i < end; i++)
            {
                var side = (byte)((value == min ? AtMin : 0) | (value == max ? AtMax : 0));
                var residual = residuals[i];
                if (side != 0)
                {
                    atBound++;
                    if (residual == 0)
                    {
                        side |= Stays;
                        stays++;
                    }
                }

                sides[i] = side;
                if ((side & Stays) == 0)
                {
                    var s = ResidualSymbols.ToSymbol(Varint.ZigZag(residual), out _);
                    symbols[i] = (byte)s;
                    counts[s]++;
                    coded++;
                }

                value = unchecked(value + residual);
            }
        }

        if (coded == 0)
        {
            counts[0] = 1; // every sample stays: any valid table will do
            coded = 1;
        }

        Span<int> frequencies = stackalloc int[ResidualSymbols.Count];
        var header = RansTable.ChooseTable(counts, coded, frequencies);
        var stayFrequency = atBound == 0 ? StayTotal / 2 : (int)Math.Clamp(((long)stays * StayTotal + (atBound / 2)) / atBound, 1, StayTotal - 1);

        var table = new BitWriter(destination);
        RansTable.Write(ref table, header, frequencies);
        table.Write((ulong)stayFrequency, StayScaleBits);
        var position = table.Finish();
        return position + EncodeFrames(residuals, symbols, sides.AsSpan(0, n), shape, frequencies, header.ScaleBits, stayFrequency, destination[position..]);
    }

    /// <summary>
    /// Decodes a prefix of one frame of the bounded form: the values (not their deltas) following
    /// <paramref name="first"/>, for a column within [<paramref name="min"/>, <paramref name="max"/>].
    /// </summary>
    private static void DecodeBoundedFrame(RansDecoderTable table, ReadOnlySpan<byte> rans, BitReader extra, long first, long min, long max,
        Span<long> output, bool whole)
    {
        var frequencies = table.Frequencies;
        var starts = table.Starts;
        var slotToSymbol = table.SlotToSymbol;
        var scaleBits = table.ScaleBits;
        var stayFrequency = table.StayFrequency;
        var mask = (1u << scaleBits) - 1;
        var state = BinaryPrimitives.ReadUInt32LittleEndian(rans);
        var next = 4;
        var value = first;
        for (var i = 0; i < output.Length; i++)
        {
            var atMin = value == min;
            var atMax = value == max;
            if (atMin | atMax)
            {
                var staySlot = state & (StayTotal - 1);
                var stays = staySlot < stayFrequency;
                state = stays
                    ? (stayFrequency * (state >> StayScaleBits)) + staySlot
                    : ((StayTotal - stayFrequency) * (state >> StayScaleBits)) + staySlot - stayFrequency;
                Renormalize(ref state, rans, ref next);
                if (stays)
                {
                    output[i] = value;
                    continue;
                }

                if (atMin & atMax)
                    Corrupt.Throw("bounded rANS: a constant column moves");
            }

            var slot = state & mask;
            int symbol = slotToSymbol[(int)slot];
            state = ((uint)frequencies[symbol] * (state >> scaleBits)) + slot - (uint)starts[symbol];
            Renormalize(ref state, rans, ref next);

            var count = ResidualSymbols.ExtraBitCount(symbol);
            ulong zigzag;
            if (atMin | atMax)
            {
                // Moving up from min gives an even zigzag above 0, down from max an odd one.
                var sign = atMax ? 1UL : 0UL;
                zigzag = count == 0 ? (ulong)symbol : ResidualSymbols.FromSymbol(symbol, (extra.Read(count - 1) << 1) | sign);
                if ((zigzag & 1) != sign || zigzag == 0)
                    Corrupt.Throw("bounded rANS: a delta leaves the column's range");
            }
            else
            {
                zigzag = ResidualSymbols.FromSymbol(symbol, extra.Read(count));
            }

            value = unchecked(value + Varint.UnZigZag(zigzag));
            output[i] = value;
        }

        if (whole)
            EnsureEnded(state, next, rans, ref extra);
    }

    private static void Renormalize(ref uint state, ReadOnlySpan<byte> rans, ref int next)
    {
        while (state < StateLow)
        {
            if (next >= rans.Length)
                Corrupt.Throw("rANS stream runs past its end");
            state = (state << 8) | rans[next++];
        }
    }
}
