using System.Buffers.Binary;
using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Wal;

/// <summary>
/// The payload of one WAL entry: everything one write put into one shard, or a part of it when it
/// does not fit in one (see <see cref="WalLog.MaxEntryBytes"/>). FasterLog frames it
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

    /// <summary>
    /// At most the bytes <see cref="Begin"/> and <see cref="BeginSamples"/> write: version, record
    /// type and a count (an int, at most 5 varint bytes).
    /// </summary>
    public const int MaxHeaderBytes = 2 + 5;

    /// <summary>
    /// At most the bytes <see cref="AddSample"/> writes for a sample, not counting a string's UTF-8
    /// bytes: series id (5), timestamp delta (10), and the value (10) or a string's length (5).
    /// </summary>
    public const int MaxFixedSampleBytes = 5 + 10 + 10;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Bytes of the entry so far.</summary>
    public int Length => _length;

    /// <summary>The bytes <see cref="DefineSeries"/> writes for <paramref name="series"/>.</summary>
    public static int DefinitionBytes(Series series)
    {
        var key = series.TagSet.Key.Length;
        var field = series.FieldKeyUtf8.Length;
        return 1 + 4 + 1 + Varint.Length((ulong)key) + key + Varint.Length((ulong)field) + field;
    }

    /// <summary>The bytes <see cref="AddSample"/> writes for a sample following one at <paramref name="previousTimestampNs"/>.</summary>
    public static int SampleBytes(Series series, long timestampNs, long previousTimestampNs, ulong bits, string? text)
    {
        var length = Varint.Length(series.Id) + Varint.Length(Varint.ZigZag(unchecked(timestampNs - previousTimestampNs)));
        switch (series.Type)
        {
            case FieldType.Float:
                return length + 8;
            case FieldType.Integer:
                return length + Varint.Length(Varint.ZigZag(unchecked((long)bits)));
            case FieldType.Unsigned:
                return length + Varint.Length(bits);
            case FieldType.Boolean:
                return length + 1;
            default:
                var utf8Length = System.Text.Encoding.UTF8.GetByteCount(text!);
                return length + Varint.Length((ulong)utf8Length) + utf8Length;
        }
    }

    /// <summary>
    /// The most UTF-8 bytes a string sample of <paramref name="series"/> may hold so that it fits,
    /// with the series' definition, in an entry of <paramref name="maxEntryBytes"/>; negative when
    /// not even a non-string sample fits.
    /// </summary>
    public static int MaxStringBytes(Series series, int maxEntryBytes) =>
        maxEntryBytes - MaxHeaderBytes - DefinitionBytes(series) - MaxFixedSampleBytes;

    /// <summary>
    /// Null when one sample of <paramref name="series"/> (with <paramref name="text"/> for a string)
    /// fits in an entry of <paramref name="maxEntryBytes"/>; otherwise the reason, naming the limit.
    /// </summary>
    public static string? CheckSampleFits(Series series, string? text, int maxEntryBytes)
    {
        var maxString = MaxStringBytes(series, maxEntryBytes);
        if (text is null || (long)text.Length * 3 <= maxString)
        {
            return maxString >= 0 ? null
                : $"series {series} is too large for one WAL entry: its definition takes {DefinitionBytes(series)} bytes, and one WAL entry holds at most {maxEntryBytes} bytes";
        }

        var utf8Length = System.Text.Encoding.UTF8.GetByteCount(text);
        return utf8Length <= maxString ? null
            : $"string value of field '{series.FieldKey}' is {utf8Length} bytes, larger than the limit of {Math.Max(maxString, 0)} bytes (one WAL entry holds at most {maxEntryBytes} bytes)";
    }

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
