namespace Engine.Storage.Encoding;

/// <summary>
/// Grow-only per-thread scratch arrays for encoders, so that encoding a chunk allocates nothing
/// once a thread has seen its largest chunk. Each caller owns its own [ThreadStatic] field.
/// </summary>
internal static class ScratchBuffer
{
    public static T[] Get<T>(ref T[]? field, int minimumLength)
    {
        var buffer = field;
        if (buffer is null || buffer.Length < minimumLength)
        {
            buffer = new T[Math.Max(minimumLength, 1024)];
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
