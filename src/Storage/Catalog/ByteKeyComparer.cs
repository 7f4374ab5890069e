using System.IO.Hashing;

namespace Engine.Storage.Catalog;

/// <summary>
/// Compares byte-array keys by content and lets dictionaries be probed with a span, so that a
/// lookup of a known key allocates nothing.
/// </summary>
public sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteKeyComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => unchecked((int)XxHash3.HashToUInt64(alternate));

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
