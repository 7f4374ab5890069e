using System.Buffers;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// The byte layout of a <see cref="SampleSummary"/> inside a rollup record (docs/file-format.md,
/// "Rollup files"). Times are stored as offsets from the record's bucket start.
/// <code>
/// varint count (≥ 1)
/// numeric:  varint n, n × f64 exact-sum partials, f64 non-finite sum, u64 integer sum,
///           f64 min, f64 max, f64 shift, f64 shifted sum, f64 shifted squares,
///           first: varint time offset, u64 bits; last: varint time offset, u64 bits
/// boolean:  first: varint time offset, u8 value; last: the same
/// string:   first: varint time offset, varint length, UTF-8 bytes; last: the same
/// </code>
/// </summary>
public static class SampleSummaryFormat
{
    /// <summary>The most exact-sum partials a decoder accepts (a double sum needs at most about 40).</summary>
    private const int MaxPartials = 64;

    /// <summary>The longest string a decoder accepts (the line-protocol limit for a field is far below).</summary>
    private const int MaxTextBytes = 64 << 20;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static void Write(SampleSummary summary, FieldType type, long start, IBufferWriter<byte> output)
    {
        output.WriteVarint((ulong)summary.Count);
        if (NumericBits.IsNumeric(type))
        {
            var exact = summary.Exact ?? throw new ArgumentException("a stored summary keeps its exact sum", nameof(summary));
            output.WriteVarint((ulong)exact.PartialCount);
            foreach (var partial in exact.Partials)
            {
                output.WriteDouble(partial);
            }

            output.WriteDouble(exact.NonFinite);
            output.WriteUInt64(unchecked((ulong)summary.IntegerSum));
            output.WriteDouble(summary.Min);
            output.WriteDouble(summary.Max);
            output.WriteDouble(summary.Shift);
            output.WriteDouble(summary.ShiftedSum);
            output.WriteDouble(summary.ShiftedSquares);
        }

        WriteSelected(summary.First, type, start, output);
        WriteSelected(summary.Last, type, start, output);
    }

    public static SampleSummary Read(ref SpanReader reader, FieldType type, long start)
    {
        var summary = new SampleSummary(exactSum: true);
        var count = (long)reader.ReadVarint();
        if (count < 1)
        {
            throw reader.Corrupt("a rollup summary with no samples");
        }

        long integerSum = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, shift = 0, shiftedSum = 0, shiftedSquares = 0;
        if (NumericBits.IsNumeric(type))
        {
            Span<double> partials = stackalloc double[MaxPartials];
            var partialCount = reader.ReadLength(MaxPartials);
            for (var i = 0; i < partialCount; i++)
            {
                partials[i] = reader.ReadDouble();
            }

            summary.Exact!.Restore(partials[..partialCount], reader.ReadDouble());
            integerSum = unchecked((long)reader.ReadUInt64());
            min = reader.ReadDouble();
            max = reader.ReadDouble();
            shift = reader.ReadDouble();
            shiftedSum = reader.ReadDouble();
            shiftedSquares = reader.ReadDouble();
        }

        var first = ReadSelected(ref reader, type, start);
        var last = ReadSelected(ref reader, type, start);
        summary.Restore(count, integerSum, min, max, first, last, shift, shiftedSum, shiftedSquares);
        return summary;
    }

    private static void WriteSelected(TimedValue value, FieldType type, long start, IBufferWriter<byte> output)
    {
        output.WriteVarint(unchecked((ulong)(value.Time - start)));
        switch (type)
        {
            case FieldType.Boolean:
                output.WriteByte((byte)(value.Bits != 0 ? 1 : 0));
                break;
            case FieldType.String:
                var text = value.Text ?? string.Empty;
                var length = System.Text.Encoding.UTF8.GetByteCount(text);
                output.WriteVarint((ulong)length);
                output.Advance(System.Text.Encoding.UTF8.GetBytes(text, output.GetSpan(length)));
                break;
            default:
                output.WriteUInt64(value.Bits);
                break;
        }
    }

    private static TimedValue ReadSelected(ref SpanReader reader, FieldType type, long start)
    {
        var time = unchecked(start + (long)reader.ReadVarint());
        return type switch
        {
            FieldType.Boolean => new TimedValue(time, reader.ReadByte() switch
            {
                0 => 0UL,
                1 => 1UL,
                var other => throw reader.Corrupt($"boolean value {other}"),
            }, null),
            FieldType.String => new TimedValue(time, 0, DecodeText(ref reader)),
            _ => new TimedValue(time, reader.ReadUInt64(), null),
        };
    }

    private static string DecodeText(ref SpanReader reader)
    {
        var bytes = reader.ReadBytes(reader.ReadLength(MaxTextBytes));
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw reader.Corrupt("string value is not UTF-8");
        }
    }
}
