using Engine.Storage.Encoding;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Encoding;

public class BooleanAndStringCodecTests
{
    [Property(MaxTest = 500)]
    public void Booleans_round_trip(bool[] values)
    {
        Assert.Equal(values, Columns.Booleans(values).Decoded);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(8192, true)]
    [InlineData(8192, false)]
    public void Equal_booleans_take_one_byte(int count, bool value)
    {
        var values = Enumerable.Repeat(value, count).ToArray();
        var (encoding, bytes, decoded) = Columns.Booleans(values);
        Assert.True(bytes.Length <= 1);
        Assert.True(count < 2 || encoding == ColumnEncoding.BooleanConstant);
        Assert.Equal(values, decoded);
    }

    [Property(MaxTest = 500)]
    public void Strings_round_trip(string[] values)
    {
        // Lone surrogates have no UTF-8 form; the codec rejects them (see below).
        var valid = values.Select(v => v is null || !v.Any(char.IsSurrogate) ? v ?? string.Empty : "x").ToArray();
        Assert.Equal(valid, Columns.Strings(valid).Decoded);
    }

    [Fact]
    public void Repetitive_strings_use_lz4()
    {
        var values = Enumerable.Range(0, 8192).Select(i => $"status=ok host=host_{i % 10} ✓").ToArray();
        var (encoding, bytes, decoded) = Columns.Strings(values);
        Assert.Equal(ColumnEncoding.StringLz4, encoding);
        Assert.True(bytes.Length < 8192 * 4, $"{bytes.Length} bytes");
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Short_unique_strings_stay_raw()
    {
        var values = new[] { "", "a", "ü", "😀" };
        var (encoding, _, decoded) = Columns.Strings(values);
        Assert.Equal(ColumnEncoding.StringRaw, encoding);
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_at_encode()
    {
        Assert.ThrowsAny<ArgumentException>(() => Columns.Strings(["ok", "\uD800"]));
    }
}
