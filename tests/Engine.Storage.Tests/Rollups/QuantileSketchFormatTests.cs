using Engine.Storage.IO;
using Engine.Storage.Rollups;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Rollups;

[Properties(Arbitrary = [typeof(SketchGenerators)])]
public class QuantileSketchFormatTests
{
    [Property(MaxTest = 300)]
    public void Encodings_round_trip_bit_exactly(DataSet data, bool smallLimit)
    {
        var sketch = QuantileSketchAccuracyTests.Build(data.Values, smallLimit ? 16 : QuantileSketch.DefaultMaxBucketsPerStore);
        var bytes = QuantileSketchFormat.ToBytes(sketch);

        var decoded = QuantileSketchFormat.FromBytes(bytes);

        Assert.Equal(bytes, QuantileSketchFormat.ToBytes(decoded));
        Assert.Equal(sketch.Count, decoded.Count);
        Assert.Equal(sketch.IsCollapsed, decoded.IsCollapsed);
        Assert.Equal(sketch.MaxBucketsPerStore, decoded.MaxBucketsPerStore);
        for (var percent = 0; percent <= 100; percent++)
            Assert.Equal(sketch.Percentile(percent), decoded.Percentile(percent));
    }

    [Fact]
    public void The_documented_examples_encode_to_their_bytes()
    {
        // docs/file-format.md, "Quantile sketch".
        Assert.Equal([0x01, 0x00], QuantileSketchFormat.ToBytes(new QuantileSketch()));
        byte[] packed =
        [
            0x01, 0x18,
            0, 0, 0, 0, 0, 0, 0, 0, 0xCD, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xF0, 0x3F, 0x01,
            0x00, 0x07, 0x02, 0x42,
        ];
        Assert.Equal(packed, QuantileSketchFormat.ToBytes(QuantileSketchAccuracyTests.Build([1, 1, 1.05, 0])));
        byte[] entries =
        [
            0x01, 0x10,
            0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0, 0, 0, 0, 0, 0x40, 0x8F, 0x40,
            0x00, 0xB4, 0x05, 0x00, 0xB1, 0x05, 0x00,
        ];
        Assert.Equal(entries, QuantileSketchFormat.ToBytes(QuantileSketchAccuracyTests.Build([1, 1000])));
    }

    [Fact]
    public void Custom_parameters_are_written_and_read()
    {
        var sketch = new QuantileSketch(relativeAccuracyPpm: 5_000, maxBucketsPerStore: 100);
        sketch.Add(-3);
        var decoded = QuantileSketchFormat.FromBytes(QuantileSketchFormat.ToBytes(sketch));
        Assert.Equal(5_000, decoded.RelativeAccuracyPpm);
        Assert.Equal(100, decoded.MaxBucketsPerStore);
        Assert.Equal(-3, decoded.Quantile(0.5));
    }

    [Property(MaxTest = 3000)]
    public void Random_bytes_only_throw_corrupt(byte[] bytes, bool withHeader)
    {
        // A valid version byte gets past the first check far more often than chance would.
        DecodeOnlyCorrupt(withHeader ? [QuantileSketchFormat.Version, .. bytes] : bytes);
    }

    [Property(MaxTest = 200)]
    public void Every_truncation_is_corrupt_and_bit_flips_only_throw_corrupt(DataSet data, int flipSeed)
    {
        var bytes = QuantileSketchFormat.ToBytes(QuantileSketchAccuracyTests.Build(data.Values));
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes(bytes.AsSpan(0, length)));

        var random = new Random(flipSeed);
        for (var trial = 0; trial < 50; trial++)
        {
            var damaged = bytes.ToArray();
            damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
            DecodeOnlyCorrupt(damaged);
        }
    }

    [Fact]
    public void Trailing_bytes_and_non_canonical_forms_are_corrupt()
    {
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([0x01, 0x00, 0x00]));
        // Custom parameters equal to the defaults.
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([0x01, 0x01, 0x90, 0x4E, 0x80, 0x10]));
        byte[] header = [0x01, 0x10, .. new byte[8], 0, 0, 0, 0, 0, 0, 0xF0, 0x3F];
        // A store of two buckets in entries form that starts with a run of empty buckets.
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([.. header, 0x00, 0x02, 0x01, 0x00]));
        // The same store packed, with a width of 0, then of 64 bits.
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([.. header, 0x00, 0x03, 0x00]));
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([.. header, 0x00, 0x03, 0x40, .. new byte[16]]));
        // Packed, ending with an empty bucket.
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([.. header, 0x00, 0x03, 0x01, 0x01]));
        // A bucket limit too large to allocate.
        Assert.Throws<CorruptDataException>(() => QuantileSketchFormat.FromBytes([0x01, 0x01, 0x90, 0x4E, 0xFF, 0xFF, 0x7F]));
    }

    [Fact]
    public void Read_leaves_the_reader_after_the_sketch()
    {
        byte[] bytes = [.. QuantileSketchFormat.ToBytes(QuantileSketchAccuracyTests.Build([2.5, -1])), 0xAB];
        var reader = new SpanReader(bytes, "test");
        var sketch = QuantileSketchFormat.Read(ref reader);
        Assert.Equal(2, sketch.Count);
        Assert.Equal(0xAB, reader.ReadByte());
    }

    private static void DecodeOnlyCorrupt(byte[] bytes)
    {
        QuantileSketch sketch;
        try
        {
            sketch = QuantileSketchFormat.FromBytes(bytes);
        }
        catch (CorruptDataException)
        {
            return;
        }

        // Whatever decodes must answer queries and merge without throwing.
        for (var percent = 0; percent <= 100; percent += 5)
            sketch.Percentile(percent);
        new QuantileSketch(sketch.RelativeAccuracyPpm, sketch.MaxBucketsPerStore).Merge(sketch);
        QuantileSketchFormat.ToBytes(sketch);
    }
}
