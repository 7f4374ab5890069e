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

    public static void Decode(FieldType type, ColumnEncoding encoding, ReadOnlySpan<byte> input, Span<ulong> values, Span<string?> strings)
    {
        switch (type)
        {
            case FieldType.Float:
                FloatCodec.Decode(encoding, input, MemoryMarshal.Cast<ulong, double>(values));
                break;
            case FieldType.Integer:
                IntegerCodec.Decode(encoding, input, MemoryMarshal.Cast<ulong, long>(values));
                break;
            case FieldType.Unsigned:
                UnsignedCodec.Decode(encoding, input, values);
                break;
            case FieldType.Boolean:
                var flags = ArrayPool<bool>.Shared.Rent(values.Length);
                try
                {
                    BooleanCodec.Decode(encoding, input, flags.AsSpan(0, values.Length));
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
                StringCodec.Decode(encoding, input, strings!);
                break;
        }
    }
}
