using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// A list of per-frame restart values (a frame's first value, first timestamp or first delta):
/// <code>
///   varint   zigzag(r[0])
///   varint   zigzag(r[k] - r[k-1])      for each following frame k (wrapping)
/// </code>
/// Neighbouring frames start near each other, so the differences stay short.
/// </summary>
internal static class RestartValues
{
    /// <summary>Restart lists up to this long are read onto the stack.</summary>
    public const int StackLimit = 64;

    public static int MaxEncodedLength(int frames) => frames * Varint.MaxBytes;

    public static int Write(ReadOnlySpan<long> restarts, Span<byte> destination)
    {
        var length = 0;
        var previous = 0L;
        foreach (var r in restarts)
        {
            length += Varint.Write(destination[length..], Varint.ZigZag(unchecked(r - previous)));
            previous = r;
        }

        return length;
    }

    public static void Read(ReadOnlySpan<byte> source, ref int position, Span<long> restarts)
    {
        var previous = 0L;
        for (var k = 0; k < restarts.Length; k++)
        {
            previous = unchecked(previous + Varint.UnZigZag(Varint.Read(source, ref position)));
            restarts[k] = previous;
        }
    }
}
