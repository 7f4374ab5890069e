using System.Buffers;
using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

/// <summary>Damaged or random bytes reach every decoder under every tag: only CorruptDataException may escape.</summary>
public class CorruptInputTests
{
    [Property(MaxTest = 2000)]
    public void Random_bytes_under_any_tag_only_throw_corrupt(byte tag, byte[] bytes, ushort count)
    {
        DecodeAll((ColumnEncoding)tag, bytes, count % 9000);
    }

    [Fact]
    public void Random_bytes_under_every_known_tag_only_throw_corrupt()
    {
        var random = new Random(42);
        foreach (var tag in Enum.GetValues<ColumnEncoding>())
        {
            for (var trial = 0; trial < 300; trial++)
            {
                var bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                DecodeAll(tag, bytes, random.Next(0, 300));
            }
        }
    }

    [Fact]
    public void Truncated_and_bit_flipped_columns_only_throw_corrupt()
    {
        var random = new Random(43);
        var walk = Columns.TwoDecimalWalk(300, seed: 4);
        var timestamps = Enumerable.Range(0, 300).Select(i => (i * 10_000L) + random.Next(100)).ToArray();
        var columns = new List<(ColumnEncoding, byte[], int)>
        {
            Encoded(w => FloatCodec.Encode(walk, w), walk.Length),
            Encoded(w => FloatCodec.Encode(walk.Select(v => v * Math.PI).ToArray(), w), walk.Length),
            Encoded(w => TimestampCodec.Encode(timestamps, w), timestamps.Length),
            Encoded(w => IntegerCodec.Encode(timestamps, w), timestamps.Length),
            Encoded(w => StringCodec.Encode(walk.Select(v => $"v={v}").ToArray(), w), walk.Length),
            Encoded(w => BooleanCodec.Encode(walk.Select(v => v > 50).ToArray(), w), walk.Length),
        };

        foreach (var (tag, bytes, count) in columns)
        {
            for (var length = 0; length < bytes.Length; length++)
                DecodeAll(tag, bytes.AsSpan(0, length).ToArray(), count);
            for (var trial = 0; trial < 500; trial++)
            {
                var damaged = bytes.ToArray();
                damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                DecodeAll(tag, damaged, count);
            }
        }
    }

    [Theory]
    [InlineData(2048 * 3)]
    [InlineData((2048 * 3) + 1)] // a last frame of one sample, with no residuals of its own
    public void A_byte_after_the_last_rans_frame_fails_a_whole_decode(int count)
    {
        var random = new Random(count);
        var timestamps = Enumerable.Range(0, count).Select(i => (i * 10_000_000_000L) + (random.Next(1_000_000) * 1_000L)).ToArray();
        var walk = Columns.TwoDecimalWalk(count, seed: count);
        var (timeTag, timeBytes, _) = Encoded(w => TimestampCodec.Encode(timestamps, w), count);
        var (floatTag, floatBytes, _) = Encoded(w => FloatCodec.Encode(walk, w), count);
        Assert.Equal(ColumnEncoding.TimestampDeltaOfDeltaRans, timeTag);
        Assert.Equal(ColumnEncoding.FloatDecimalRans, floatTag);

        Assert.Throws<CorruptDataException>(() => TimestampCodec.Decode(timeTag, [.. timeBytes, 0], new long[count]));
        Assert.Throws<CorruptDataException>(() => FloatCodec.Decode(floatTag, [.. floatBytes, 0], new double[count]));
        // A range read that stops before the last frame does not visit the bytes after it.
        TimestampCodec.DecodeRange(timeTag, [.. timeBytes, 0], count, 0, new long[2048]);
        FloatCodec.DecodeRange(floatTag, [.. floatBytes, 0], count, 0, new double[2048]);
    }

    private static (ColumnEncoding, byte[], int) Encoded(Func<IBufferWriter<byte>, ColumnEncoding> encode, int count)
    {
        var writer = new ArrayBufferWriter<byte>();
        var tag = encode(writer);
        return (tag, writer.WrittenSpan.ToArray(), count);
    }

    private static void DecodeAll(ColumnEncoding tag, byte[] bytes, int count)
    {
        OnlyCorrupt(() => TimestampCodec.Decode(tag, bytes, new long[count]));
        OnlyCorrupt(() => FloatCodec.Decode(tag, bytes, new double[count]));
        OnlyCorrupt(() => IntegerCodec.Decode(tag, bytes, new long[count]));
        OnlyCorrupt(() => UnsignedCodec.Decode(tag, bytes, new ulong[count]));
        OnlyCorrupt(() => BooleanCodec.Decode(tag, bytes, new bool[count]));
        OnlyCorrupt(() => StringCodec.Decode(tag, bytes, new string[count]));

        // A range read opens the column the same way but trusts the frames it skips.
        var (from, length) = (count / 3, count / 2);
        OnlyCorrupt(() => TimestampCodec.FrameRange(tag, bytes, count, from * 10_000L, (from + length) * 10_000L));
        OnlyCorrupt(() => TimestampCodec.DecodeRange(tag, bytes, count, from, new long[length]));
        var frameStart = from / Frames.Size * Frames.Size;
        OnlyCorrupt(() => TimestampCodec.DecodeUntil(tag, bytes, count, frameStart, (from + length) * 10_000L, new long[count - frameStart]));
        OnlyCorrupt(() => FloatCodec.DecodeRange(tag, bytes, count, from, new double[length]));
        OnlyCorrupt(() => IntegerCodec.DecodeRange(tag, bytes, count, from, new long[length]));
        OnlyCorrupt(() => BooleanCodec.DecodeRange(tag, bytes, count, from, new bool[length]));
        OnlyCorrupt(() => StringCodec.DecodeRange(tag, bytes, count, from, new string[length]));
    }

    private static void OnlyCorrupt(Action decode)
    {
        try
        {
            decode();
        }
        catch (CorruptDataException)
        {
        }
    }
}
