using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Wal;

/// <summary>
/// The bytes of one WAL commit file (see <see cref="WalCommitFiles"/>). Layout:
/// <code>
/// 0       8  magic "ENGWALC1"
/// 8       2  u16 version = 1
/// 10      2  u16 reserved = 0
/// 12      4  u32 metadata length N (at most <see cref="MaxMetadataBytes"/>)
/// 16      8  u64 sequence: one more than the newest commit file's when written
/// 24      8  i64 FasterLog commit number
/// 32      N  FasterLog's commit metadata (its serialized recovery info), verbatim
/// 32+N    4  u32 crc32c of bytes 0 .. 32+N
/// </code>
/// Bytes after the checksum are ignored: the file is rewritten in place and may have held a
/// longer record before.
/// </summary>
internal static class CommitFileLayout
{
    public const ushort Version = 1;
    public const int HeaderBytes = 32;
    public const int ChecksumBytes = 4;

    /// <summary>
    /// FasterLog's metadata is 44 bytes without named iterators or cookies (the WAL uses neither);
    /// the bound keeps a damaged length field from asking for a huge read.
    /// </summary>
    public const int MaxMetadataBytes = 1 << 16;

    public const int MaxFileBytes = HeaderBytes + MaxMetadataBytes + ChecksumBytes;

    private static ReadOnlySpan<byte> Magic => "ENGWALC1"u8;

    public static int FileBytes(int metadataBytes) => HeaderBytes + metadataBytes + ChecksumBytes;

    /// <summary>Writes the record into <paramref name="destination"/> (at least <see cref="FileBytes"/> long); returns its length.</summary>
    public static int Write(Span<byte> destination, ulong sequence, long commitNum, ReadOnlySpan<byte> metadata)
    {
        if (metadata.Length > MaxMetadataBytes)
        {
            throw new ArgumentException($"WAL commit metadata of {metadata.Length} bytes exceeds the limit of {MaxMetadataBytes}", nameof(metadata));
        }

        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)metadata.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], commitNum);
        metadata.CopyTo(destination[HeaderBytes..]);
        var checksumAt = HeaderBytes + metadata.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[checksumAt..], Crc32C.Compute(destination[..checksumAt]));
        return checksumAt + ChecksumBytes;
    }

    /// <summary>
    /// Reads a record from the start of <paramref name="file"/>; false when it is absent, torn or
    /// damaged (wrong magic or version, impossible length, checksum mismatch).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> file, out ulong sequence, out long commitNum, out int metadataLength)
    {
        sequence = 0;
        commitNum = 0;
        metadataLength = 0;
        if (file.Length < HeaderBytes + ChecksumBytes
            || !file[..Magic.Length].SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt16LittleEndian(file[8..]) != Version)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]);
        if (length > MaxMetadataBytes || file.Length < FileBytes((int)length))
        {
            return false;
        }

        var checksumAt = HeaderBytes + (int)length;
        if (BinaryPrimitives.ReadUInt32LittleEndian(file[checksumAt..]) != Crc32C.Compute(file[..checksumAt]))
        {
            return false;
        }

        sequence = BinaryPrimitives.ReadUInt64LittleEndian(file[16..]);
        commitNum = BinaryPrimitives.ReadInt64LittleEndian(file[24..]);
        metadataLength = (int)length;
        return true;
    }
}
