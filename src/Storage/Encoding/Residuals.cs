using System.Numerics;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// The shared last stage of the numeric codecs: a run of signed residuals (deltas or
/// delta-of-deltas, wrapping) stored either bit-packed or rANS-coded, whichever is smaller.
/// The residual count is never stored: the caller knows it from the chunk's sample count.
///
/// Packed layout:
/// <code>
///   byte     width                  0..64 bits per residual
///   bits     zigzag(residual)       width bits each, LSB-first, zero-padded to a byte
/// </code>
/// The rANS layout is described on <see cref="RansResiduals"/>.
/// </summary>
internal static class Residuals
{
    [ThreadStatic] private static byte[]? t_rans;

    public static int MaxEncodedLength(int count) => 1 + (8 * count);

    /// <summary>
    /// Writes the smaller form into <paramref name="destination"/> (at least
    /// <see cref="MaxEncodedLength"/> bytes) and returns its length.
    /// </summary>
    public static int Encode(ReadOnlySpan<long> residuals, Span<byte> destination, out bool rans)
    {
        var packedLength = EncodePacked(residuals, destination);
        rans = false;
        // rANS needs a table and a 4-byte state: below a few samples it cannot win.
        if (residuals.Length < 8 || packedLength <= 8)
            return packedLength;

        var scratch = ScratchBuffer.Get(ref t_rans, RansResiduals.MaxEncodedLength(residuals.Length));
        var ransLength = RansResiduals.Encode(residuals, scratch);
        if (ransLength >= packedLength)
            return packedLength;
        scratch.AsSpan(0, ransLength).CopyTo(destination);
        rans = true;
        return ransLength;
    }

    public static void Decode(bool rans, ReadOnlySpan<byte> source, Span<long> output)
    {
        if (rans)
            RansResiduals.Decode(source, output);
        else
            DecodePacked(source, output);
    }

    private static int EncodePacked(ReadOnlySpan<long> residuals, Span<byte> destination)
    {
        ulong all = 0;
        foreach (var r in residuals)
            all |= Varint.ZigZag(r);
        var width = 64 - BitOperations.LeadingZeroCount(all);
        destination[0] = (byte)width;
        var writer = new BitWriter(destination[1..]);
        if (width > 0)
        {
            foreach (var r in residuals)
                writer.Write(Varint.ZigZag(r), width);
        }

        return 1 + writer.Finish();
    }

    private static void DecodePacked(ReadOnlySpan<byte> source, Span<long> output)
    {
        if (source.IsEmpty)
            Corrupt.Throw("packed residuals lack their width byte");
        int width = source[0];
        if (width > 64)
            Corrupt.Throw("packed residual width above 64 bits");
        var reader = new BitReader(source[1..]);
        for (var i = 0; i < output.Length; i++)
            output[i] = Varint.UnZigZag(reader.Read(width));
        reader.EnsureFullyConsumed("packed residuals");
    }
}
