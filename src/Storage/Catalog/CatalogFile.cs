using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.IO;
using MessagePack;

namespace Engine.Storage.Catalog;

/// <summary>
/// The append-only file of series definitions (<c>catalog/series.log</c>). Layout:
/// <code>
/// header:  "ENGCAT01" (8) | u16 version = 1 | u16 reserved | u32 crc32c(previous 12 bytes)
/// record:  u32 payloadLength | u32 crc32c(payload) | payload (MessagePack <see cref="CatalogRecord"/> union)
/// </code>
/// Records are appended and fsynced before the WAL that defined them is truncated. A torn last
/// record (a crash mid-append) is cut off on open; damage anywhere else is a located error.
/// </summary>
internal sealed class CatalogFile : IDisposable
{
    private static readonly byte[] Magic = "ENGCAT01"u8.ToArray();
    private const ushort Version = 1;
    private const int HeaderBytes = 16;
    private const int RecordHeaderBytes = 8;
    private const int MaxRecordBytes = 1 << 20;

    private readonly FileStream _stream;

    private CatalogFile(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    public long Length => _stream.Length;

    /// <summary>Opens (creating if absent) the catalog and returns its records in file order.</summary>
    /// <remarks>Read-only, a torn tail is ignored rather than cut off, and an absent file reads as empty.</remarks>
    public static CatalogFile Open(string path, bool readOnly, out List<CatalogRecord> records, out string? repaired)
    {
        repaired = null;
        var stream = readOnly
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)
            : new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (stream.Length == 0 && !readOnly)
            {
                stream.Write(BuildHeader());
                stream.Flush(flushToDisk: true);
            }

            var bytes = new byte[stream.Length];
            stream.Position = 0;
            stream.ReadExactly(bytes);
            var validLength = Read(bytes, path, out records);
            if (validLength < bytes.Length)
            {
                repaired = $"{path}: {(readOnly ? "ignored" : "cut")} {bytes.Length - validLength} bytes of a torn record at offset {validLength}";
                if (!readOnly)
                {
                    stream.SetLength(validLength);
                    stream.Flush(flushToDisk: true);
                }
            }

            stream.Position = validLength;
            return new CatalogFile(stream, path);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Parses a whole catalog image; returns the length of its intact prefix.</summary>
    public static int Read(ReadOnlySpan<byte> bytes, string path, out List<CatalogRecord> records)
    {
        records = [];
        if (bytes.Length < HeaderBytes || !bytes[..8].SequenceEqual(Magic))
        {
            throw new CorruptDataException("not a catalog file (bad magic)", path, 0);
        }

        if (Crc32C.Compute(bytes[..12]) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]))
        {
            throw new CorruptDataException("catalog header checksum mismatch", path, 0);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
        if (version != Version)
        {
            throw new CorruptDataException($"unsupported catalog version {version}", path, 8);
        }

        var offset = HeaderBytes;
        while (offset < bytes.Length)
        {
            var remaining = bytes[offset..];
            if (remaining.Length < RecordHeaderBytes)
            {
                return offset; // torn record header at the tail
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(remaining);
            var checksum = BinaryPrimitives.ReadUInt32LittleEndian(remaining[4..]);
            if (length < 0 || length > MaxRecordBytes)
            {
                throw new CorruptDataException($"catalog record length {length} out of range", path, offset);
            }

            if (RecordHeaderBytes + length > remaining.Length)
            {
                return offset; // torn payload at the tail
            }

            var payload = remaining.Slice(RecordHeaderBytes, length);
            if (Crc32C.Compute(payload) != checksum)
            {
                if (offset + RecordHeaderBytes + length == bytes.Length)
                {
                    return offset; // the last record was being written when the process died
                }

                throw new CorruptDataException("catalog record checksum mismatch", path, offset);
            }

            records.Add(Deserialize(payload, path, offset));
            offset += RecordHeaderBytes + length;
        }

        return offset;
    }

    /// <summary>Appends records and makes them durable before returning.</summary>
    public void AppendDurably(IReadOnlyList<CatalogRecord> records)
    {
        if (records.Count == 0)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>();
        Span<byte> header = stackalloc byte[RecordHeaderBytes];
        foreach (var record in records)
        {
            var payload = MessagePackSerializer.Serialize<CatalogRecord>(record);
            BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(payload));
            buffer.Write(header);
            buffer.Write(payload);
        }

        _stream.Write(buffer.WrittenSpan);
        _stream.Flush(flushToDisk: true);
    }

    public void Dispose() => _stream.Dispose();

    private static CatalogRecord Deserialize(ReadOnlySpan<byte> payload, string path, long offset)
    {
        try
        {
            return MessagePackSerializer.Deserialize<CatalogRecord>(payload.ToArray());
        }
        catch (MessagePackSerializationException e)
        {
            throw new CorruptDataException($"catalog record does not decode: {e.Message}", path, offset);
        }
    }

    private static byte[] BuildHeader()
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), Crc32C.Compute(header.AsSpan(0, 12)));
        return header;
    }
}
