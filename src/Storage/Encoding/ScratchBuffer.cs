using System.Numerics;

namespace Engine.Storage.Encoding;

/// <summary>
/// Grow-only per-thread scratch arrays for encoders, so that encoding a chunk allocates nothing
/// once a thread has seen its largest chunk. Each caller owns its own [ThreadStatic] field. Arrays
/// grow to a power of two: checkpoints seal chunks of every size, and growing to the exact length
/// reallocated the scratch each time a slightly larger chunk came along.
/// </summary>
internal static class ScratchBuffer
{
    public static T[] Get<T>(ref T[]? field, int minimumLength)
    {
        var buffer = field;
        if (buffer is null || buffer.Length < minimumLength)
        {
            buffer = new T[Math.Max((int)BitOperations.RoundUpToPowerOf2((uint)minimumLength), 1024)];
            field = buffer;
        }

        return buffer;
    }

    /// <summary>Copies an encoded candidate into the caller's writer.</summary>
    public static void CopyTo(ReadOnlySpan<byte> encoded, System.Buffers.IBufferWriter<byte> output)
    {
        if (encoded.IsEmpty)
            return;
        encoded.CopyTo(output.GetSpan(encoded.Length));
        output.Advance(encoded.Length);
    }
}
