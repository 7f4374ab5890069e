using System.Buffers;
using System.Runtime.InteropServices;

namespace Engine.Storage.Encoding;

/// <summary>
/// Encodes unsigned columns with the <see cref="IntegerCodec"/> layouts: a ulong is stored as the
/// long with the same bits, and wrapping deltas make the mapping exact over the full range.
/// </summary>
public static class UnsignedCodec
{
    public static ColumnEncoding Encode(ReadOnlySpan<ulong> values, IBufferWriter<byte> output) =>
        IntegerCodec.Encode(MemoryMarshal.Cast<ulong, long>(values), output);

    public static void Decode(ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<ulong> output) =>
        IntegerCodec.Decode(encoding, input, MemoryMarshal.Cast<ulong, long>(output));

    public static void DecodeRange(ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<ulong> output) =>
        IntegerCodec.DecodeRange(encoding, input, count, from, MemoryMarshal.Cast<ulong, long>(output));
}
