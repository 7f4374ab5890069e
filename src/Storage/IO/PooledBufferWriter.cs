using System.Buffers;

namespace Engine.Storage.IO;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> of bytes whose buffer comes from the shared array pool, and
/// goes back to it when the buffer grows and on <see cref="Dispose"/>: a writer that builds a file
/// of a few hundred KB per use then leaves no garbage behind, where a new
/// <see cref="ArrayBufferWriter{T}"/> would leave every buffer it grew through.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int InitialCapacity = 4096;

    private byte[] _buffer = [];

    public int WrittenCount { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, WrittenCount);

    /// <summary>Forgets what was written; keeps the buffer.</summary>
    public void ResetWrittenCount() => WrittenCount = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - WrittenCount);
        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _buffer.AsSpan(WrittenCount);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
        WrittenCount = 0;
    }

    private void Reserve(int sizeHint)
    {
        var needed = WrittenCount + Math.Max(sizeHint, 1);
        if (needed <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(InitialCapacity, _buffer.Length * 2)));
        WrittenSpan.CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }
}
