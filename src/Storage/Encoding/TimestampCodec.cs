using System.Buffers;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes a chunk's timestamps (ns since the epoch; sorted ascending in practice, but any
/// sequence round-trips: all arithmetic wraps modulo 2^64). Picks the smallest of:
/// <code>
///   TimestampRegular                  varint zigzag(first), varint zigzag(interval)
///                                     every delta equal (always so for n &lt;= 2): a few bytes in all
///   TimestampDeltaOfDelta{Packed,Rans} varint zigzag(first), varint zigzag(first delta),
///                                     byte k (0..18): every delta-of-delta is a multiple of 10^k,
///                                     then n-2 residuals (delta[i] - delta[i-1]) / 10^k (see Residuals)
///   Raw64                             8 bytes per timestamp (also the form of an empty column)
/// </code>
/// Dividing by 10^k removes the always-zero low digits of timestamps taken in ms or µs but stored
/// in ns (about 10 bits per sample at µs). The division is exact, so multiplying back cannot wrap.
/// </summary>
public static class TimestampCodec
{
    private const int MaxScaleExponent = 18;

    private static readonly long[] PowersOfTen =
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
    ];

    [ThreadStatic] private static long[]? t_residuals;
    [ThreadStatic] private static byte[]? t_encoded;

    public static ColumnEncoding Encode(ReadOnlySpan<long> timestamps, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var n = timestamps.Length;
        if (n == 0)
            return ColumnEncoding.Raw64;

        var firstDelta = n > 1 ? unchecked(timestamps[1] - timestamps[0]) : 0;
        var residuals = ScratchBuffer.Get(ref t_residuals, n).AsSpan(0, Math.Max(n - 2, 0));
        var regular = true;
        for (var i = 2; i < n; i++)
        {
            var dod = unchecked(timestamps[i] - timestamps[i - 1] - (timestamps[i - 1] - timestamps[i - 2]));
            residuals[i - 2] = dod;
            regular &= dod == 0;
        }

        var encoded = ScratchBuffer.Get(ref t_encoded, 1 + (2 * Varint.MaxBytes) + Residuals.MaxEncodedLength(n));
        var length = Varint.Write(encoded, Varint.ZigZag(timestamps[0]));
        length += Varint.Write(encoded.AsSpan(length), Varint.ZigZag(firstDelta));
        var encoding = ColumnEncoding.TimestampRegular;
        if (!regular)
        {
            var exponent = ScaleDown(residuals);
            encoded[length++] = (byte)exponent;
            length += Residuals.Encode(residuals, encoded.AsSpan(length), out var rans);
            encoding = rans ? ColumnEncoding.TimestampDeltaOfDeltaRans : ColumnEncoding.TimestampDeltaOfDeltaPacked;
        }

        if (length >= Raw64.Length(n))
        {
            Raw64.Write(timestamps, output);
            return ColumnEncoding.Raw64;
        }

        ScratchBuffer.CopyTo(encoded.AsSpan(0, length), output);
        return encoding;
    }

    /// <summary>
    /// Decodes <paramref name="output"/>.Length timestamps; throws <see cref="CorruptDataException"/>
    /// when <paramref name="input"/> is not a valid column of that many samples.
    /// </summary>
    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<long> output)
    {
        switch (encoding)
        {
            case ColumnEncoding.Raw64:
                Raw64.Read(input, output);
                break;
            case ColumnEncoding.TimestampRegular:
                DecodeRegular(input, output);
                break;
            case ColumnEncoding.TimestampDeltaOfDeltaPacked:
            case ColumnEncoding.TimestampDeltaOfDeltaRans:
                DecodeDeltaOfDelta(encoding == ColumnEncoding.TimestampDeltaOfDeltaRans, input, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "timestamp");
                break;
        }
    }

    /// <summary>Divides every residual by the largest 10^k dividing them all; returns k.</summary>
    private static int ScaleDown(Span<long> residuals)
    {
        var exponent = MaxScaleExponent;
        foreach (var r in residuals)
        {
            while (exponent > 0 && r % PowerOfTen(exponent) != 0)
                exponent--;
            if (exponent == 0)
                return 0;
        }

        var scale = PowerOfTen(exponent);
        for (var i = 0; i < residuals.Length; i++)
            residuals[i] /= scale;
        return exponent;
    }

    private static long PowerOfTen(int exponent) => PowersOfTen[exponent];

    private static void DecodeRegular(ReadOnlySpan<byte> input, Span<long> output)
    {
        var position = 0;
        var first = Varint.UnZigZag(Varint.Read(input, ref position));
        var interval = Varint.UnZigZag(Varint.Read(input, ref position));
        if (position != input.Length)
            Corrupt.Throw("regular timestamps: trailing bytes");
        var t = first;
        for (var i = 0; i < output.Length; i++, t = unchecked(t + interval))
            output[i] = t;
    }

    private static void DecodeDeltaOfDelta(bool rans, ReadOnlySpan<byte> input, Span<long> output)
    {
        if (output.Length < 2)
            Corrupt.Throw("delta-of-delta timestamps need at least two samples");
        var position = 0;
        var first = Varint.UnZigZag(Varint.Read(input, ref position));
        var delta = Varint.UnZigZag(Varint.Read(input, ref position));
        if (position >= input.Length || input[position] > MaxScaleExponent)
            Corrupt.Throw("delta-of-delta timestamps: scale exponent missing or out of range");
        var scale = PowerOfTen(input[position++]);
        // Residuals land in place and are integrated front to back.
        Residuals.Decode(rans, input[position..], output[2..]);
        output[0] = first;
        output[1] = unchecked(first + delta);
        for (var i = 2; i < output.Length; i++)
        {
            delta = unchecked(delta + (output[i] * scale));
            output[i] = unchecked(output[i - 1] + delta);
        }
    }
}
