using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Storage.Encoding;

/// <summary>
/// Reads the bit fields written by <see cref="BitWriter"/>. Reading past the end throws
/// <see cref="CorruptDataException"/>.
/// </summary>
internal ref struct BitReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _position;     // next byte to load into _buffer
    private ulong _buffer;     // low _bufferBits bits are valid; bits above may hold copies of the next byte
    private int _bufferBits;

    public BitReader(ReadOnlySpan<byte> source)
    {
        _source = source;
    }

    /// <summary>Bytes touched so far, counting a partly read byte as whole.</summary>
    public readonly int BytesConsumed => ((_position * 8) - _bufferBits + 7) >> 3;

    /// <summary>Reads a field of <paramref name="count"/> bits (0..64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Read(int count)
    {
        Debug.Assert(count is >= 0 and <= 64);
        if (count > 56)
        {
            var low = Read(32);
            return low | (Read(count - 32) << 32);
        }

        if (_bufferBits < count)
            Refill(count);
        var value = _buffer & ((1UL << count) - 1);
        _buffer >>= count;
        _bufferBits -= count;
        return value;
    }

    public bool ReadBit() => Read(1) != 0;

    /// <summary>
    /// Reads a run of zero bits and the one bit that ends it; returns the run's length. A run of
    /// <paramref name="limit"/> (1..56) zeros or more, or one reaching the end, is corruption.
    /// </summary>
    public int ReadZeroRun(int limit)
    {
        Debug.Assert(limit is > 0 and <= 56);
        if (_bufferBits <= limit)
            Load();
        var visible = Math.Min(_bufferBits, limit + 1);
        var zeros = BitOperations.TrailingZeroCount(_buffer & ((1UL << visible) - 1));
        if (zeros >= Math.Min(limit, visible))
            Corrupt.Throw("run of zero bits too long or past the end of the column");
        _buffer >>= zeros + 1;
        _bufferBits -= zeros + 1;
        return zeros;
    }

    /// <summary>Throws unless every byte of the source was read (padding bits aside).</summary>
    public readonly void EnsureFullyConsumed(string what)
    {
        if (BytesConsumed != _source.Length)
            Corrupt.Throw($"{what}: {_source.Length - BytesConsumed} trailing bytes");
    }

    private void Refill(int count)
    {
        Load();
        if (_bufferBits < count)
            Corrupt.Throw("bit stream runs past the end of the column");
    }

    /// <summary>Buffers at least 56 bits, or every bit left.</summary>
    private void Load()
    {
        if (_position + 8 <= _source.Length)
        {
            // Loads whole bytes until at least 56 bits are buffered. Bits above _bufferBits are
            // the next byte's bits at the very positions a later refill will OR them in again.
            _buffer |= BinaryPrimitives.ReadUInt64LittleEndian(_source[_position..]) << _bufferBits;
            var bytes = (63 - _bufferBits) >> 3;
            _position += bytes;
            _bufferBits += bytes * 8;
            return;
        }

        while (_bufferBits <= 56 && _position < _source.Length)
        {
            _buffer |= (ulong)_source[_position++] << _bufferBits;
            _bufferBits += 8;
        }
    }
}
