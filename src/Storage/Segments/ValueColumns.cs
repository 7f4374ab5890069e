using System.Buffers;
using System.Runtime.InteropServices;
using Engine.Storage.Encoding;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// Routes a value column, held as raw 64-bit payloads (see <see cref="FieldValue.Bits"/>), to the
/// codec of its field type.
/// </summary>
internal static class ValueColumns
{
    public static ColumnEncoding Encode(FieldType type, ReadOnlySpan<ulong> values, ReadOnlySpan<string?> strings, IBufferWriter<byte> output)
    {
        switch (type)
        {
            case FieldType.Float:
                return FloatCodec.Encode(MemoryMarshal.Cast<ulong, double>(values), output);
            case FieldType.Integer:
                return IntegerCodec.Encode(MemoryMarshal.Cast<ulong, long>(values), output);
            case FieldType.Unsigned:
                return UnsignedCodec.Encode(values, output);
            case FieldType.Boolean:
                var flags = ArrayPool<bool>.Shared.Rent(values.Length);
                try
                {
                    for (var i = 0; i < values.Length; i++)
                    {
                        flags[i] = values[i] != 0;
                    }

                    return BooleanCodec.Encode(flags.AsSpan(0, values.Length), output);
                }
                finally
                {
                    ArrayPool<bool>.Shared.Return(flags);
                }

            default:
                return StringCodec.Encode(strings!, output);
        }
    }

    /// <summary>
    /// Decodes samples [<paramref name="from"/>, from + values.Length) of a column of
    /// <paramref name="count"/>; strings land in <paramref name="strings"/> (as long as values) instead.
    /// </summary>
    public static void DecodeRange(FieldType type, ColumnEncoding encoding, ReadOnlySpan<byte> input, int count, int from, Span<ulong> values, Span<string?> strings)
    {
        switch (type)
        {
            case FieldType.Float:
                FloatCodec.DecodeRange(encoding, input, count, from, MemoryMarshal.Cast<ulong, double>(values));
                break;
            case FieldType.Integer:
                IntegerCodec.DecodeRange(encoding, input, count, from, MemoryMarshal.Cast<ulong, long>(values));
                break;
            case FieldType.Unsigned:
                UnsignedCodec.DecodeRange(encoding, input, count, from, values);
                break;
            case FieldType.Boolean:
                var flags = ArrayPool<bool>.Shared.Rent(values.Length);
                try
                {
                    BooleanCodec.DecodeRange(encoding, input, count, from, flags.AsSpan(0, values.Length));
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = flags[i] ? 1UL : 0UL;
                    }
                }
                finally
                {
                    ArrayPool<bool>.Shared.Return(flags);
                }

                break;
            default:
                StringCodec.DecodeRange(encoding, input, count, from, strings!);
                break;
        }
    }
}
