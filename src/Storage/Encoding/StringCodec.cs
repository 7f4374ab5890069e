using System.Buffers;
using Engine.Storage.IO;
using K4os.Compression.LZ4;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes string columns as UTF-8:
/// <code>
///   StringRaw   per string: varint UTF-8 byte length; then every string's bytes, concatenated
///   StringLz4   varint length of the StringRaw block, then that block as one LZ4 block
/// </code>
/// LZ4 is kept only when it is smaller. Strings have no frames: a range read decodes the column whole. Strings must be valid UTF-16 (no lone surrogates), so
/// that they round-trip exactly; decoding rejects invalid UTF-8 as corrupt.
/// </summary>
public static class StringCodec
{
    // LZ4 cannot expand a block by more than 255x; a larger claim is damage, not data.
    private const int MaxLz4Ratio = 255;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [ThreadStatic] private static byte[]? t_raw;
    [ThreadStatic] private static byte[]? t_compressed;

    /// <exception cref="ArgumentException">A string holds a lone surrogate.</exception>
    public static ColumnEncoding Encode(ReadOnlySpan<string> values, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var rawLength = 0L;
        foreach (var value in values)
        {
            var bytes = StrictUtf8.GetByteCount(value);
            rawLength += bytes + VarIntLength((ulong)bytes);
        }

        if (rawLength > Array.MaxLength / 2)
            throw new ArgumentException("string column too large for one chunk", nameof(values));

        var raw = ScratchBuffer.Get(ref t_raw, (int)rawLength).AsSpan(0, (int)rawLength);
        var position = 0;
        foreach (var value in values)
            position += Varint.Write(raw[position..], (ulong)StrictUtf8.GetByteCount(value));
        foreach (var value in values)
            position += StrictUtf8.GetBytes(value, raw[position..]);

        var compressed = ScratchBuffer.Get(ref t_compressed, Varint.MaxBytes + LZ4Codec.MaximumOutputSize(raw.Length));
        var header = Varint.Write(compressed, (ulong)raw.Length);
        var lz4Length = raw.IsEmpty ? -1 : LZ4Codec.Encode(raw, compressed.AsSpan(header));
        if (lz4Length > 0 && header + lz4Length < raw.Length)
        {
            ScratchBuffer.CopyTo(compressed.AsSpan(0, header + lz4Length), output);
            return ColumnEncoding.StringLz4;
        }

        ScratchBuffer.CopyTo(raw, output);
        return ColumnEncoding.StringRaw;
    }

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + output.Length) of a column of
    /// <paramref name="count"/> samples. String columns have no frames (LZ4 compresses the whole
    /// block): the column is decoded whole and the range copied out.
    /// </summary>
    public static void DecodeRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<string> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + output.Length, count);
        if (from == 0 && output.Length == count)
        {
            Decode(encoding, input, output);
            return;
        }

        var all = ArrayPool<string>.Shared.Rent(count);
        try
        {
            Decode(encoding, input, all.AsSpan(0, count));
            all.AsSpan(from, output.Length).CopyTo(output);
        }
        finally
        {
            ArrayPool<string>.Shared.Return(all, clearArray: true);
        }
    }

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<string> output)
    {
        switch (encoding)
        {
            case ColumnEncoding.StringRaw:
                DecodeRaw(input, output);
                break;
            case ColumnEncoding.StringLz4:
                DecodeLz4(input, output);
                break;
            default:
                Corrupt.UnknownEncoding(encoding, "string");
                break;
        }
    }

    private static void DecodeLz4(ReadOnlySpan<byte> input, Span<string> output)
    {
        var position = 0;
        var rawLength = Varint.Read(input, ref position);
        var compressed = input[position..];
        if (rawLength == 0 || rawLength > (ulong)compressed.Length * MaxLz4Ratio || rawLength > (ulong)Array.MaxLength)
            Corrupt.Throw("LZ4 strings: decompressed length out of range");
        var raw = ArrayPool<byte>.Shared.Rent((int)rawLength);
        try
        {
            if (LZ4Codec.Decode(compressed, raw.AsSpan(0, (int)rawLength)) != (int)rawLength)
                Corrupt.Throw("LZ4 strings: block does not decompress to its stated length");
            DecodeRaw(raw.AsSpan(0, (int)rawLength), output);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    private static void DecodeRaw(ReadOnlySpan<byte> input, Span<string> output)
    {
        // First pass: validate every length against the bytes present before allocating anything.
        var position = 0;
        var textLength = 0L;
        for (var i = 0; i < output.Length; i++)
        {
            var length = Varint.Read(input, ref position);
            if (length > (ulong)input.Length)
                Corrupt.Throw("raw strings: a length exceeds the column");
            textLength += (long)length;
        }

        if (textLength != input.Length - position)
            Corrupt.Throw("raw strings: lengths do not add up to the bytes present");

        var lengths = 0;
        var text = position;
        for (var i = 0; i < output.Length; i++)
        {
            var length = (int)Varint.Read(input, ref lengths);
            try
            {
                output[i] = StrictUtf8.GetString(input.Slice(text, length));
            }
            catch (System.Text.DecoderFallbackException e)
            {
                throw new CorruptDataException("raw strings: invalid UTF-8", e);
            }

            text += length;
        }
    }

    private static int VarIntLength(ulong value)
    {
        var length = 1;
        for (; value >= 0x80; value >>= 7)
            length++;
        return length;
    }
}
