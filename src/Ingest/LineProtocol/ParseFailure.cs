using System.Runtime.CompilerServices;
using System.Text;
using Engine.Storage.Model;

namespace Engine.Ingest.LineProtocol;

/// <summary>Where in a line parsing stopped (0-based byte offset) and what was expected there.</summary>
internal readonly record struct ParseFailure(int Offset, string Message)
{
    // Factories are kept out of line so the parser's hot loop stays small; they run only for bad lines.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure At(int offset, string message) => new(offset, message);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ExpectedEqualsAfterTagKey(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected '=' after tag key {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ReservedTagKey(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"tag key {Quote(key)} is reserved");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ExpectedTagValue(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected a tag value after {Quote(key)}=");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure UnescapedEqualsInTagValue(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected ',' or ' ' after the value of tag {Quote(key)} (escape '=' as '\\=')");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure DuplicateTagKey(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"duplicate tag key {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ExpectedEqualsAfterFieldKey(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected '=' after field key {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ExpectedFieldValue(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected a value for field {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure UnterminatedString(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected a closing '\"' for string field {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ExpectedSeparatorAfterString(int offset, ReadOnlySpan<byte> key) =>
        new(offset, $"expected ',' or ' ' after the string value of field {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure BadValue(int offset, ReadOnlySpan<byte> key, ReadOnlySpan<byte> token, NumberStatus status, string kind) =>
        new(offset, status == NumberStatus.OutOfRange
            ? $"{kind} value {Quote(token)} of field {Quote(key)} is out of range"
            : $"invalid {kind} value {Quote(token)} for field {Quote(key)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure UnknownValue(int offset, ReadOnlySpan<byte> key, ReadOnlySpan<byte> token) =>
        new(offset, $"invalid value {Quote(token)} for field {Quote(key)}: expected a float, an integer (1i), " +
            "an unsigned integer (1u), a boolean (t, true, f, false) or a quoted string");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure ConflictingFieldTypes(int offset, ReadOnlySpan<byte> key, FieldType first, FieldType second) =>
        new(offset, $"field {Quote(key)} appears twice with different types ({first} and {second})");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure BadTimestamp(int offset, ReadOnlySpan<byte> token, NumberStatus status) =>
        new(offset, status == NumberStatus.OutOfRange
            ? $"timestamp {Quote(token)} is out of range"
            : $"expected an integer timestamp, found {Quote(token)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ParseFailure TimestampOverflow(int offset, long timestamp, TimestampPrecision precision) =>
        new(offset, $"timestamp {timestamp} in {precision} overflows nanoseconds");

    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        const int MaxShown = 64;
        string text = Encoding.UTF8.GetString(bytes.Length > MaxShown ? bytes[..MaxShown] : bytes);
        return bytes.Length > MaxShown ? $"\"{text}...\"" : $"\"{text}\"";
    }
}
