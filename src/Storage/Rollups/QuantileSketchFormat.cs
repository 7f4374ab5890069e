using System.Buffers;
using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Rollups;

/// <summary>
/// The byte layout of a <see cref="QuantileSketch"/> (docs/file-format.md, "Quantile sketch"):
/// <code>
/// u8 version = 1
/// u8 flags        bit 0 custom parameters, 1 −∞ count, 2 negative store, 3 zero count,
///                 4 positive store, 5 +∞ count, 6 negative store collapsed, 7 positive store collapsed
/// [varint relative accuracy in ppm, varint bucket limit]      if bit 0 (absent for 10,000 and 2,048)
/// [f64 min, f64 max]                                         if any of bits 1..5
/// [varint −∞ count] [negative store] [varint zero count] [positive store] [varint +∞ count]
/// </code>
/// Stores are laid out by <see cref="BucketStoreFormat"/>. The encoder writes a sketch one way
/// only, so equal sketches have equal bytes; the decoder refuses zero counts, stores that begin or
/// end with an empty bucket, and custom parameters equal to the defaults.
/// </summary>
public static class QuantileSketchFormat
{
    public const byte Version = 1;

    private const int CustomParameters = 1 << 0;
    private const int NegativeInfinities = 1 << 1;
    private const int NegativeStore = 1 << 2;
    private const int Zeros = 1 << 3;
    private const int PositiveStore = 1 << 4;
    private const int PositiveInfinities = 1 << 5;
    private const int NegativeCollapsed = 1 << 6;
    private const int PositiveCollapsed = 1 << 7;
    private const int AnyCount = NegativeInfinities | NegativeStore | Zeros | PositiveStore | PositiveInfinities;

    public static byte[] ToBytes(QuantileSketch sketch)
    {
        var writer = new ArrayBufferWriter<byte>(MaxLength(sketch));
        Write(sketch, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(QuantileSketch sketch, IBufferWriter<byte> output)
    {
        var destination = output.GetSpan(MaxLength(sketch));
        var flags = Flags(sketch);
        destination[0] = Version;
        destination[1] = (byte)flags;
        var length = 2;
        if ((flags & CustomParameters) != 0)
        {
            length += Varint.Write(destination[length..], (ulong)sketch.RelativeAccuracyPpm);
            length += Varint.Write(destination[length..], (ulong)sketch.MaxBucketsPerStore);
        }

        if ((flags & AnyCount) != 0)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination[length..], sketch.Min);
            BinaryPrimitives.WriteDoubleLittleEndian(destination[(length + 8)..], sketch.Max);
            length += 16;
        }

        length += WriteCount(destination[length..], sketch.NegativeInfinityCount);
        length += WriteStore(destination[length..], sketch.Negative);
        length += WriteCount(destination[length..], sketch.ZeroCount);
        length += WriteStore(destination[length..], sketch.Positive);
        length += WriteCount(destination[length..], sketch.PositiveInfinityCount);
        output.Advance(length);
    }

    /// <summary>Decodes a whole buffer holding one sketch; damage of any kind is a <see cref="CorruptDataException"/>.</summary>
    public static QuantileSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        var reader = new SpanReader(bytes, "quantile sketch");
        var sketch = Read(ref reader);
        if (!reader.End)
        {
            throw reader.Corrupt($"{reader.Remaining} bytes after the sketch");
        }

        return sketch;
    }

    /// <summary>Decodes one sketch and leaves the reader after it. Allocates at most two stores of the encoded bucket limit.</summary>
    public static QuantileSketch Read(ref SpanReader reader)
    {
        var version = reader.ReadByte();
        if (version != Version)
        {
            throw reader.Corrupt($"unknown sketch version {version}");
        }

        int flags = reader.ReadByte();
        var mapping = LogarithmicMapping.Default;
        var limit = QuantileSketch.DefaultMaxBucketsPerStore;
        if ((flags & CustomParameters) != 0)
        {
            var ppm = reader.ReadVarint();
            if (!LogarithmicMapping.IsValidAccuracy((long)Math.Min(ppm, int.MaxValue)))
            {
                throw reader.Corrupt($"relative accuracy {ppm} ppm is out of range");
            }

            limit = reader.ReadLength(QuantileSketch.MaxBucketLimit);
            if (limit < 1 || (ppm == LogarithmicMapping.DefaultRelativeAccuracyPpm && limit == QuantileSketch.DefaultMaxBucketsPerStore))
            {
                throw reader.Corrupt($"bucket limit {limit} with {ppm} ppm is not a custom parameter set");
            }

            mapping = LogarithmicMapping.For((int)ppm);
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        if ((flags & AnyCount) != 0)
        {
            min = BitConverter.UInt64BitsToDouble(reader.ReadUInt64());
            max = BitConverter.UInt64BitsToDouble(reader.ReadUInt64());
            if (!(min <= max))
            {
                throw reader.Corrupt($"minimum {min} is not at or below maximum {max}");
            }
        }

        var negativeInfinities = ReadCount(ref reader, flags, NegativeInfinities);
        var negative = ReadStore(ref reader, flags, NegativeStore, NegativeCollapsed, limit, -mapping.MaxIndex, -mapping.MinIndex);
        var zeros = ReadCount(ref reader, flags, Zeros);
        var positive = ReadStore(ref reader, flags, PositiveStore, PositiveCollapsed, limit, mapping.MinIndex, mapping.MaxIndex);
        var positiveInfinities = ReadCount(ref reader, flags, PositiveInfinities);
        if (!FitsInCount(negativeInfinities, negative.Total, zeros, positive.Total, positiveInfinities))
        {
            throw reader.Corrupt("counts add up past 2^63");
        }

        var sketch = new QuantileSketch(mapping, negative, positive);
        sketch.RestoreExact(zeros, negativeInfinities, positiveInfinities, min, max);
        return sketch;
    }

    private static int Flags(QuantileSketch sketch)
    {
        var flags = 0;
        if (sketch.RelativeAccuracyPpm != LogarithmicMapping.DefaultRelativeAccuracyPpm || sketch.MaxBucketsPerStore != QuantileSketch.DefaultMaxBucketsPerStore)
        {
            flags |= CustomParameters;
        }

        flags |= sketch.NegativeInfinityCount > 0 ? NegativeInfinities : 0;
        flags |= sketch.Negative.IsEmpty ? 0 : NegativeStore;
        flags |= sketch.ZeroCount > 0 ? Zeros : 0;
        flags |= sketch.Positive.IsEmpty ? 0 : PositiveStore;
        flags |= sketch.PositiveInfinityCount > 0 ? PositiveInfinities : 0;
        flags |= sketch.Negative.IsCollapsed ? NegativeCollapsed : 0;
        flags |= sketch.Positive.IsCollapsed ? PositiveCollapsed : 0;
        return flags;
    }

    /// <summary>Fixed parts plus a varint for every bucket: a bound, not the size.</summary>
    private static int MaxLength(QuantileSketch sketch) =>
        50 + BucketStoreFormat.MaxLength(sketch.Negative.Window.Length) + BucketStoreFormat.MaxLength(sketch.Positive.Window.Length);

    private static int WriteCount(Span<byte> destination, long count) =>
        count == 0 ? 0 : Varint.Write(destination, (ulong)count);

    private static int WriteStore(Span<byte> destination, BucketStore store) =>
        store.IsEmpty ? 0 : BucketStoreFormat.Write(destination, store);

    private static long ReadCount(ref SpanReader reader, int flags, int flag)
    {
        if ((flags & flag) == 0)
        {
            return 0;
        }

        var count = reader.ReadVarint();
        if (count is 0 or > long.MaxValue)
        {
            throw reader.Corrupt($"count {count} is out of range");
        }

        return (long)count;
    }

    private static BucketStore ReadStore(ref SpanReader reader, int flags, int present, int collapsed, int limit, int lowestKey, int highestKey)
    {
        var isCollapsed = (flags & collapsed) != 0;
        if ((flags & present) != 0)
        {
            return BucketStoreFormat.Read(ref reader, limit, isCollapsed, lowestKey, highestKey);
        }

        if (isCollapsed)
        {
            throw reader.Corrupt("an absent store is marked collapsed");
        }

        return new BucketStore(limit);
    }

    private static bool FitsInCount(params ReadOnlySpan<long> counts)
    {
        long total = 0;
        foreach (var count in counts)
        {
            if (count > long.MaxValue - total)
            {
                return false;
            }

            total += count;
        }

        return true;
    }
}
