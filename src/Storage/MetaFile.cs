using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage;

/// <summary>
/// <c>engine.meta</c>: what kind of data folder this is. Written once when the folder is created.
/// <code>"ENGMETA1" (8) | u16 formatVersion = 2 | u16 shardCount | u32 crc32c(previous 12 bytes)</code>
/// </summary>
internal static class MetaFile
{
    private static ReadOnlySpan<byte> Magic => "ENGMETA1"u8;
    private const ushort FormatVersion = 2;
    private const int Bytes = 16;

    /// <summary>Reads the shard count of an existing folder, or creates the file for a new one.</summary>
    public static int ReadOrCreate(string root, int shardCountForNewFolder)
    {
        var path = Path.Combine(root, FileNames.Meta);
        if (!File.Exists(path))
        {
            if (shardCountForNewFolder is < 1 or > 1024)
            {
                throw new ArgumentOutOfRangeException(nameof(shardCountForNewFolder), "shard count must be 1..1024");
            }

            var content = new byte[Bytes];
            Magic.CopyTo(content);
            BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(8), FormatVersion);
            BinaryPrimitives.WriteUInt16LittleEndian(content.AsSpan(10), (ushort)shardCountForNewFolder);
            BinaryPrimitives.WriteUInt32LittleEndian(content.AsSpan(12), Crc32C.Compute(content.AsSpan(0, 12)));
            AtomicFile.Write(path, content);
            return shardCountForNewFolder;
        }

        return Read(root);
    }

    /// <summary>Reads the shard count of an existing folder.</summary>
    public static int Read(string root)
    {
        var path = Path.Combine(root, FileNames.Meta);
        if (!File.Exists(path))
        {
            throw new DirectoryNotFoundException($"'{root}' is not an Engine data folder (no {FileNames.Meta})");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length != Bytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic)
            || Crc32C.Compute(bytes.AsSpan(0, 12)) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12)))
        {
            throw new CorruptDataException("not an Engine data folder meta file, or damaged", path, 0);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new CorruptDataException($"data folder format {version} is not supported (this build reads {FormatVersion})", path, 8);
        }

        return BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(10));
    }
}
