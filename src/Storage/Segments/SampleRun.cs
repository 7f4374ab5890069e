using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>Time-ordered samples of one series, as spans over columns someone else owns (and may reuse).</summary>
internal readonly ref struct SampleRun(FieldType type, ReadOnlySpan<long> timestamps, ReadOnlySpan<ulong> values, ReadOnlySpan<string?> strings)
{
    public FieldType Type { get; } = type;

    public ReadOnlySpan<long> Timestamps { get; } = timestamps;

    public ReadOnlySpan<ulong> Values { get; } = values;

    /// <summary>The strings of a string series; empty for the other types.</summary>
    public ReadOnlySpan<string?> Strings { get; } = strings;

    public int Count => Timestamps.Length;

    /// <summary>Samples [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public SampleRun Slice(int from, int to) =>
        new(Type, Timestamps[from..to], Values[from..to], Type == FieldType.String ? Strings[from..to] : []);
}
