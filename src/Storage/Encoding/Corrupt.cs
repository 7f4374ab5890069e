using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Storage.Encoding;

/// <summary>Throw helpers for decoders, kept out of line so hot loops stay small.</summary>
internal static class Corrupt
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(string message) => throw new CorruptDataException(message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Throw<T>(string message) => throw new CorruptDataException(message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void UnknownEncoding(ColumnEncoding encoding, string column) =>
        throw new CorruptDataException($"encoding {(byte)encoding} is not valid for a {column} column");
}
