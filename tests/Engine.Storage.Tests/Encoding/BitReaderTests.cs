using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

/// <summary>Runs of zero bits read back as written, between other fields and up to the stream's end.</summary>
public class BitReaderTests
{
    [Property(MaxTest = 300)]
    public void Zero_runs_read_back_between_other_fields(int seed)
    {
        var random = new Random(seed);
        var limit = random.Next(1, 57);
        var fields = Enumerable.Range(0, random.Next(0, 200)).Select(_ => (Zeros: random.Next(limit), Bits: random.Next(0, 40))).ToArray();
        var bytes = new byte[(fields.Length * 100 / 8) + 8];
        var writer = new BitWriter(bytes);
        foreach (var (zeros, bits) in fields)
        {
            writer.Write(0, zeros);
            writer.Write(1, 1);
            writer.Write((ulong)bits, 6);
        }

        var reader = new BitReader(bytes.AsSpan(0, writer.Finish()));
        foreach (var (zeros, bits) in fields)
        {
            Assert.Equal(zeros, reader.ReadZeroRun(limit));
            Assert.Equal((ulong)bits, reader.Read(6));
        }
    }

    [Theory]
    [InlineData(new byte[] { }, 8)]
    [InlineData(new byte[] { 0x00 }, 13)] // eight zeros, then the end
    [InlineData(new byte[] { 0x00, 0x10 }, 12)] // twelve zeros reach the limit
    public void Runs_past_the_end_or_the_limit_are_corrupt(byte[] bytes, int limit)
    {
        Assert.Throws<CorruptDataException>(() => new BitReader(bytes).ReadZeroRun(limit));
    }

    [Fact]
    public void A_run_ending_on_the_last_bit_is_read()
    {
        var reader = new BitReader([0x00, 0x80]); // fifteen zeros, then a one
        Assert.Equal(15, reader.ReadZeroRun(16));
        reader.EnsureFullyConsumed("test");
    }
}
