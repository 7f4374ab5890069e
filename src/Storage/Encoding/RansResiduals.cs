using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Entropy-codes signed residuals with a static, per-column byte-wise rANS (after ryg_rans):
/// each residual is zigzagged and split into a <see cref="ResidualSymbols"/> symbol, coded with
/// the column's own frequency table, plus raw extra bits.
///
/// Layout:
/// <code>
///   RansTable                 byte-aligned bit stream
///   varint   ransLength       bytes of the rANS stream
///   rANS stream               4-byte final state (little-endian), then renormalization bytes,
///                             read front to back while decoding symbols 0..n-1
///   extra bits                LSB-first bit stream, per residual its symbol's extra bits, to the end
/// </code>
/// Decoding checks that the state returns to its initial value and that every byte is used, so
/// most damage is detected rather than decoded into wrong values. The bounded form, with a context
/// for values at the column's min or max, is in RansResiduals.Bounded.cs.
/// </summary>
internal static partial class RansResiduals
{
    private const uint StateLow = 1u << 23; // state stays in [StateLow, StateLow << 8)

    [ThreadStatic] private static byte[]? t_symbols;
    [ThreadStatic] private static byte[]? t_reversed;

    /// <summary>Upper bound of the encoded size, for sizing the destination.</summary>
    public static int MaxEncodedLength(int count) => 1024 + Varint.MaxBytes + 4 + (2 * count) + (8 * count) + 8;

    /// <summary>Encodes one or more residuals; returns the bytes written.</summary>
    public static int Encode(ReadOnlySpan<long> residuals, Span<byte> destination)
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
        var scaleBits = header.ScaleBits;
        Span<int> starts = stackalloc int[ResidualSymbols.Count];
        CumulativeStarts(frequencies, starts);

        var table = new BitWriter(destination);
        RansTable.Write(ref table, header, frequencies);
        var position = table.Finish();

        // rANS encodes last symbol first, so the stream is built backwards from the buffer's end.
        var reversed = ScratchBuffer.Get(ref t_reversed, (2 * n) + 8);
        var r = reversed.Length;
        var state = StateLow;
        for (var i = n - 1; i >= 0; i--)
        {
            var s = symbols[i];
            var f = (uint)frequencies[s];
            var stateLimit = ((StateLow >> scaleBits) << 8) * f;
            while (state >= stateLimit)
            {
                reversed[--r] = (byte)state;
                state >>= 8;
            }

            state = ((state / f) << scaleBits) + (state % f) + (uint)starts[s];
        }

        r -= 4;
        BinaryPrimitives.WriteUInt32LittleEndian(reversed.AsSpan(r), state);
        var ransLength = reversed.Length - r;
        position += Varint.Write(destination[position..], (ulong)ransLength);
        reversed.AsSpan(r).CopyTo(destination[position..]);
        position += ransLength;

        var extraWriter = new BitWriter(destination[position..]);
        for (var i = 0; i < n; i++)
        {
            var count = ResidualSymbols.ExtraBitCount(symbols[i]);
            if (count > 0)
                extraWriter.Write(Varint.ZigZag(residuals[i]) & (ulong.MaxValue >> (64 - count)), count);
        }

        return position + extraWriter.Finish();
    }

    public static void Decode(ReadOnlySpan<byte> source, Span<long> output)
    {
        Span<int> frequencies = stackalloc int[ResidualSymbols.Count];
        var tableReader = new BitReader(source);
        var scaleBits = RansTable.Read(ref tableReader, frequencies);
        var position = tableReader.BytesConsumed;

        Span<int> starts = stackalloc int[ResidualSymbols.Count];
        Span<byte> slotToSymbol = stackalloc byte[1 << RansTable.MaxScaleBits];
        BuildDecodeTables(frequencies, starts, slotToSymbol);
        var mask = (1u << scaleBits) - 1;
        SplitStreams(source, position, out var rans, out var extra);

        var state = BinaryPrimitives.ReadUInt32LittleEndian(rans);
        var next = 4;
        for (var i = 0; i < output.Length; i++)
        {
            var slot = state & mask;
            int s = slotToSymbol[(int)slot];
            state = ((uint)frequencies[s] * (state >> scaleBits)) + slot - (uint)starts[s];
            while (state < StateLow)
            {
                if (next >= rans.Length)
                    Corrupt.Throw("rANS stream runs past its end");
                state = (state << 8) | rans[next++];
            }

            var value = ResidualSymbols.FromSymbol(s, extra.Read(ResidualSymbols.ExtraBitCount(s)));
            output[i] = Varint.UnZigZag(value);
        }

        if (state != StateLow || next != rans.Length)
            Corrupt.Throw("rANS stream does not end where it was written");
        extra.EnsureFullyConsumed("rANS extra bits");
    }

    /// <summary>The decoder's tables: each symbol's first slot, and the symbol of every slot.</summary>
    private static void BuildDecodeTables(ReadOnlySpan<int> frequencies, Span<int> starts, Span<byte> slotToSymbol)
    {
        CumulativeStarts(frequencies, starts);
        for (var s = 0; s < ResidualSymbols.Count; s++)
            slotToSymbol.Slice(starts[s], frequencies[s]).Fill((byte)s);
    }

    /// <summary>Splits what follows the table at <paramref name="position"/> into the rANS stream and the extra bits.</summary>
    private static void SplitStreams(ReadOnlySpan<byte> source, int position, out ReadOnlySpan<byte> rans, out BitReader extra)
    {
        var ransLength = Varint.Read(source, ref position);
        if (ransLength < 4 || ransLength > (ulong)(source.Length - position))
            Corrupt.Throw("rANS stream length out of range");
        rans = source.Slice(position, (int)ransLength);
        extra = new BitReader(source[(position + (int)ransLength)..]);
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
}
