using System.Numerics;

namespace Engine.Storage.Segments;

/// <summary>
/// Reusable <see cref="EncodedChunk"/>s (object and buffer together), owned by the engine: sealing
/// a head rents one, and the last holder releases it once the chunk is in a segment file. Without
/// it every seal allocated its chunk (about 1.1 bytes per sample), kept it until the checkpoint and
/// left it to a gen-1 collection. Buffer sizes step by a quarter of a power of two, so a chunk
/// wastes at most a fifth of its buffer. Buffers larger than <see cref="MaxPooledBytes"/> (long
/// string chunks) are allocated and dropped as before.
/// </summary>
internal sealed class ChunkPool
{
    public const int MaxPooledBytes = 1 << 20;
    private const int MinBytes = 256;
    private const int StepsPerPowerOfTwo = 4;

    private readonly Stack<EncodedChunk>[] _free;
    private readonly int[] _leastFreeSinceTrim;

    public ChunkPool()
    {
        var classes = SizeClass(MaxPooledBytes) + 1;
        _free = [.. Enumerable.Range(0, classes).Select(_ => new Stack<EncodedChunk>())];
        _leastFreeSinceTrim = new int[classes];
    }

    /// <summary>A chunk whose buffer holds at least <paramref name="length"/> bytes, referenced once by the caller.</summary>
    public EncodedChunk Rent(int length)
    {
        if (length > MaxPooledBytes)
        {
            return new EncodedChunk(this, new byte[length]);
        }

        var sizeClass = SizeClass(length);
        var free = _free[sizeClass];
        lock (free)
        {
            if (free.TryPop(out var chunk))
            {
                _leastFreeSinceTrim[sizeClass] = Math.Min(_leastFreeSinceTrim[sizeClass], free.Count);
                return chunk;
            }
        }

        return new EncodedChunk(this, new byte[ClassBytes(sizeClass)]);
    }

    /// <summary>Takes back a chunk nobody references any more.</summary>
    public void Return(EncodedChunk chunk)
    {
        if (chunk.Capacity > MaxPooledBytes)
        {
            return;
        }

        // A reader that kept using a released chunk then fails its checksum instead of decoding
        // stale samples that happen to still be there.
        chunk.Buffer.Clear();

        var free = _free[SizeClass(chunk.Capacity)];
        lock (free)
        {
            free.Push(chunk);
        }
    }

    /// <summary>
    /// Drops the chunks that stayed free since the previous call: what the busiest stretch between
    /// two calls needed stays pooled, memory of a burst that is over goes back to the GC.
    /// </summary>
    public void Trim()
    {
        for (var sizeClass = 0; sizeClass < _free.Length; sizeClass++)
        {
            var free = _free[sizeClass];
            lock (free)
            {
                for (var unused = _leastFreeSinceTrim[sizeClass]; unused > 0; unused--)
                {
                    free.Pop();
                }

                _leastFreeSinceTrim[sizeClass] = free.Count;
            }
        }
    }

    /// <summary>Buffers held for reuse (a figure for tests and stats).</summary>
    public int FreeChunks
    {
        get
        {
            var count = 0;
            foreach (var free in _free)
            {
                lock (free)
                {
                    count += free.Count;
                }
            }

            return count;
        }
    }

    /// <summary>The smallest class whose buffers hold <paramref name="length"/> bytes.</summary>
    private static int SizeClass(int length)
    {
        length = Math.Max(length, MinBytes);
        var power = BitOperations.Log2((uint)length);
        var step = (length - (1 << power) + (1 << (power - 2)) - 1) >> (power - 2);
        return ((power - BitOperations.Log2(MinBytes)) * StepsPerPowerOfTwo) + step;
    }

    private static int ClassBytes(int sizeClass)
    {
        var power = (sizeClass / StepsPerPowerOfTwo) + BitOperations.Log2(MinBytes);
        return (1 << power) + ((sizeClass % StepsPerPowerOfTwo) << (power - 2));
    }
}
