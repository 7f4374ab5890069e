using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Entropy-codes signed residuals with a static, per-column byte-wise rANS (after ryg_rans):
/// each residual is zigzagged and split into a <see cref="ResidualSymbols"/> symbol, coded with
/// the column's own frequency table, plus raw extra bits. The table is shared by the column's
/// frames; each frame has its own rANS state and extra bits, so it decodes on its own.
///
/// Layout:
/// <code>
///   RansTable                 byte-aligned bit stream
///   per frame with residuals (see FrameShape), in order:
///     varint ransLength       bytes of the frame's rANS stream (at least 4)
///     varint extraLength      bytes of the frame's extra bits
///     rANS stream             4-byte final state (little-endian), then renormalization bytes,
///                             read front to back while decoding the frame's symbols
///     extra bits              LSB-first bit stream, per residual its symbol's extra bits
/// </code>
/// Decoding a whole frame checks that the state returns to its initial value and that every byte
/// is used, and opening a column that the frames account for every byte, so most damage is
/// detected rather than decoded into wrong values. The bounded form, with a context for values at
/// the column's min or max, is in RansResiduals.Bounded.cs.
/// </summary>
internal static partial class RansResiduals
{
    private const uint StateLow = 1u << 23; // state stays in [StateLow, StateLow << 8)

    [ThreadStatic] private static byte[]? t_symbols;
    [ThreadStatic] private static byte[]? t_reversed;

    /// <summary>Upper bound of the encoded size, for sizing the destination.</summary>
    public static int MaxEncodedLength(int count) =>
        1024 + (Frames.Count(count + 1) * ((2 * Varint.MaxBytes) + 4 + 8)) + (2 * count) + (8 * count);

    /// <summary>Encodes one or more residuals, laid out in frames by <paramref name="shape"/>; returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<long> residuals, FrameShape shape, Span<byte> destination)
    {
        var n = residuals.Length;
        var symbols = ScratchBuffer.Get(ref t_symbols, n);
        Span<int> counts = stackalloc int[ResidualSymbols.Count];
        counts.Clear();
        for (var i = 0; i < n; i++)
        {
            var s = ResidualSymbols.ToSymbol(Varint.ZigZag(residuals[i]), out _);
            symbols[i] = (byte)s;
            counts[s]++;
        }

        Span<int> frequencies = stackalloc int[ResidualSymbols.Count];
        var header = RansTable.ChooseTable(counts, n, frequencies);
        var table = new BitWriter(destination);
        RansTable.Write(ref table, header, frequencies);
        var position = table.Finish();
        return position + EncodeFrames(residuals, symbols, sides: [], shape, frequencies, header.ScaleBits, stayFrequency: 0, destination[position..]);
    }

    /// <summary>
    /// Writes every frame's rANS stream and extra bits. <paramref name="sides"/> (empty for the
    /// plain form) marks the samples coded in the bounded context.
    /// </summary>
    private static int EncodeFrames(ReadOnlySpan<long> residuals, ReadOnlySpan<byte> symbols, ReadOnlySpan<byte> sides, FrameShape shape,
        ReadOnlySpan<int> frequencies, int scaleBits, int stayFrequency, Span<byte> destination)
    {
        Span<int> starts = stackalloc int[ResidualSymbols.Count];
        CumulativeStarts(frequencies, starts);
        var coder = new FrameCoder(frequencies, starts, scaleBits, stayFrequency);
        var position = 0;
        for (var frame = 0; frame < shape.FrameCount; frame++)
        {
            var count = shape.ResidualCount(frame);
            if (count == 0)
                continue;
            var start = shape.ResidualStart(frame);
            position += coder.Encode(residuals.Slice(start, count), symbols.Slice(start, count),
                sides.IsEmpty ? sides : sides.Slice(start, count), destination[position..]);
        }

        return position;
    }

    /// <summary>The tables one column's frames are coded with.</summary>
    private readonly ref struct FrameCoder(ReadOnlySpan<int> frequencies, ReadOnlySpan<int> starts, int scaleBits, int stayFrequency)
    {
        private readonly ReadOnlySpan<int> _frequencies = frequencies;
        private readonly ReadOnlySpan<int> _starts = starts;

        public int Encode(ReadOnlySpan<long> residuals, ReadOnlySpan<byte> symbols, ReadOnlySpan<byte> sides, Span<byte> destination)
        {
            var n = residuals.Length;
            // rANS encodes last symbol first, so the stream is built backwards from the buffer's
            // end. Each sample puts at most two symbols, each emitting at most two bytes.
            var reversed = ScratchBuffer.Get(ref t_reversed, (4 * n) + 8);
            var r = reversed.Length;
            var state = StateLow;
            var extraBits = 0;
            for (var i = n - 1; i >= 0; i--)
            {
                var side = sides.IsEmpty ? (byte)0 : sides[i];
                if ((side & Stays) == 0)
                {
                    var s = symbols[i];
                    Put(ref state, reversed, ref r, (uint)_starts[s], (uint)_frequencies[s], scaleBits);
                    extraBits += ExtraBitCount(s, side);
                }

                if (side != 0)
                {
                    if ((side & Stays) != 0)
                        Put(ref state, reversed, ref r, 0, (uint)stayFrequency, StayScaleBits);
                    else
                        Put(ref state, reversed, ref r, (uint)stayFrequency, (uint)(StayTotal - stayFrequency), StayScaleBits);
                }
            }

            r -= 4;
            BinaryPrimitives.WriteUInt32LittleEndian(reversed.AsSpan(r), state);
            var ransLength = reversed.Length - r;
            var position = Varint.Write(destination, (ulong)ransLength);
            position += Varint.Write(destination[position..], (ulong)((extraBits + 7) >> 3));
            reversed.AsSpan(r).CopyTo(destination[position..]);
            position += ransLength;

            var extraWriter = new BitWriter(destination[position..]);
            for (var i = 0; i < n; i++)
            {
                var side = sides.IsEmpty ? (byte)0 : sides[i];
                if ((side & Stays) != 0)
                    continue;
                var count = ResidualSymbols.ExtraBitCount(symbols[i]);
                if (count == 0)
                    continue;
                var bits = Varint.ZigZag(residuals[i]) & (ulong.MaxValue >> (64 - count));
                if (side != 0)
                    extraWriter.Write(bits >> 1, count - 1); // the bound implies the sign
                else
                    extraWriter.Write(bits, count);
            }

            return position + extraWriter.Finish();
        }

        private static int ExtraBitCount(int symbol, byte side)
        {
            var count = ResidualSymbols.ExtraBitCount(symbol);
            return side != 0 && count > 0 ? count - 1 : count;
        }
    }

    private static void EnsureEnded(uint state, int next, ReadOnlySpan<byte> rans, ref BitReader extra)
    {
        if (state != StateLow || next != rans.Length)
            Corrupt.Throw("rANS stream does not end where it was written");
        extra.EnsureFullyConsumed("rANS extra bits");
    }

    private static void CumulativeStarts(ReadOnlySpan<int> frequencies, Span<int> starts)
    {
        var sum = 0;
        for (var s = 0; s < frequencies.Length; s++)
        {
            starts[s] = sum;
            sum += frequencies[s];
        }
    }

    private static void Put(ref uint state, byte[] reversed, ref int r, uint start, uint frequency, int scaleBits)
    {
        var stateLimit = ((StateLow >> scaleBits) << 8) * frequency;
        while (state >= stateLimit)
        {
            reversed[--r] = (byte)state;
            state >>= 8;
        }

        state = ((state / frequency) << scaleBits) + (state % frequency) + start;
    }
}
