using System.Buffers.Binary;
using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Wal;

/// <summary>
/// The payload of one WAL entry: everything one write put into one shard. FasterLog frames it
/// (length and a per-entry checksum). Layout:
/// <code>
/// u8 version = 1
/// then records until the end of the entry, each starting with a u8 record type:
///   1 SeriesDefinition: u32 seriesId | u8 fieldType | varint len | tagSetKey | varint len | fieldKey (UTF-8)
///   2 Samples:          varint count | count × sample
///      sample: varint seriesId | zigzag varint (timestamp − previous timestamp, starting at 0) | value
///      value:  float 8 bytes LE bits | integer zigzag varint | unsigned varint | boolean u8
///              | string varint len + UTF-8
/// </code>
/// A definition precedes the first sample of its series in the same shard's log.
/// </summary>
internal static class WalEntry
{
    public const byte Version = 1;
    public const byte SeriesDefinitionRecord = 1;
    public const byte SamplesRecord = 2;
}

/// <summary>Encodes one WAL entry into a reused buffer.</summary>
internal sealed class WalEntryWriter
{
    private byte[] _buffer = new byte[1 << 16];
    private int _length;
    private long _previousTimestamp;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Begin()
    {
        _length = 0;
        Ensure(1);
        _buffer[_length++] = WalEntry.Version;
    }

    public void DefineSeries(Series series)
    {
        Ensure(16 + series.TagSet.Key.Length + series.FieldKeyUtf8.Length);
        _buffer[_length++] = WalEntry.SeriesDefinitionRecord;
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), series.Id);
        _length += 4;
        _buffer[_length++] = (byte)series.Type;
        WriteBytes(series.TagSet.Key);
        WriteBytes(series.FieldKeyUtf8);
    }

    /// <summary>Starts the samples record; call before the first <see cref="AddSample"/>.</summary>
    public void BeginSamples(int count)
    {
        Ensure(1 + Varint.MaxBytes);
        _buffer[_length++] = WalEntry.SamplesRecord;
        _length += Varint.Write(_buffer.AsSpan(_length), (ulong)count);
        _previousTimestamp = 0;
    }

    public void AddSample(Series series, long timestampNs, ulong bits, string? text)
    {
        Ensure(3 * Varint.MaxBytes + 8);
        var span = _buffer.AsSpan();
        _length += Varint.Write(span[_length..], series.Id);
        _length += Varint.Write(span[_length..], Varint.ZigZag(unchecked(timestampNs - _previousTimestamp)));
        _previousTimestamp = timestampNs;
        switch (series.Type)
        {
            case FieldType.Float:
                BinaryPrimitives.WriteUInt64LittleEndian(span[_length..], bits);
                _length += 8;
                break;
            case FieldType.Integer:
                _length += Varint.Write(span[_length..], Varint.ZigZag(unchecked((long)bits)));
                break;
            case FieldType.Unsigned:
                _length += Varint.Write(span[_length..], bits);
                break;
            case FieldType.Boolean:
                _buffer[_length++] = (byte)(bits != 0 ? 1 : 0);
                break;
            default:
                var utf8Length = System.Text.Encoding.UTF8.GetByteCount(text!);
                Ensure(Varint.MaxBytes + utf8Length);
                _length += Varint.Write(_buffer.AsSpan(_length), (ulong)utf8Length);
                _length += System.Text.Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
                break;
        }
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _length += Varint.Write(_buffer.AsSpan(_length), (ulong)bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}

/// <summary>Decodes WAL entries during recovery; damage is a <see cref="CorruptDataException"/>.</summary>
internal static class WalEntryReader
{
    public interface IVisitor
    {
        Series Define(SeriesDefinition definition);

        Series? Lookup(uint seriesId);

        void Sample(Series series, long timestampNs, ulong bits, string? text);
    }

    public static void Read<TVisitor>(ReadOnlySpan<byte> entry, ref TVisitor visitor)
        where TVisitor : IVisitor
    {
        var reader = new SpanReader(entry, "WAL entry");
        var version = reader.ReadByte();
        if (version != WalEntry.Version)
        {
            throw reader.Corrupt($"unsupported WAL entry version {version}");
        }

        while (!reader.End)
        {
            var type = reader.ReadByte();
            switch (type)
            {
                case WalEntry.SeriesDefinitionRecord:
                    var id = reader.ReadUInt32();
                    var fieldType = ReadFieldType(ref reader);
                    var tagSetKey = reader.ReadBytes(reader.ReadLength(reader.Remaining)).ToArray();
                    var fieldKey = System.Text.Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength(reader.Remaining)));
                    visitor.Define(new SeriesDefinition(id, tagSetKey, fieldKey, fieldType));
                    break;
                case WalEntry.SamplesRecord:
                    ReadSamples(ref reader, ref visitor);
                    break;
                default:
                    throw reader.Corrupt($"unknown WAL record type {type}");
            }
        }
    }

    private static void ReadSamples<TVisitor>(ref SpanReader reader, ref TVisitor visitor)
        where TVisitor : IVisitor
    {
        var count = reader.ReadLength(reader.Remaining);
        long timestamp = 0;
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadVarint();
            var series = (id <= uint.MaxValue ? visitor.Lookup((uint)id) : null)
                ?? throw reader.Corrupt($"sample of undefined series {id}");
            timestamp = unchecked(timestamp + Varint.UnZigZag(reader.ReadVarint()));
            ulong bits = 0;
            string? text = null;
            switch (series.Type)
            {
                case FieldType.Float:
                    bits = reader.ReadUInt64();
                    break;
                case FieldType.Integer:
                    bits = unchecked((ulong)Varint.UnZigZag(reader.ReadVarint()));
                    break;
                case FieldType.Unsigned:
                    bits = reader.ReadVarint();
                    break;
                case FieldType.Boolean:
                    bits = reader.ReadByte() != 0 ? 1UL : 0UL;
                    break;
                default:
                    text = System.Text.Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength(reader.Remaining)));
                    break;
            }

            visitor.Sample(series, timestamp, bits, text);
        }
    }

    private static FieldType ReadFieldType(ref SpanReader reader)
    {
        var type = (FieldType)reader.ReadByte();
        return Enum.IsDefined(type) ? type : throw reader.Corrupt($"unknown field type {(byte)type}");
    }
}
