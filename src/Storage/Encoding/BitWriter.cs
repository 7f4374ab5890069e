using System.Buffers.Binary;
using System.Diagnostics;

namespace Engine.Storage.Encoding;

/// <summary>
/// Writes bit fields LSB-first into a span: the first field occupies the lowest bits of the first
/// byte; full 64-bit words are stored little-endian. The caller sizes the span to at least
/// ceil(total bits / 8); the writer never touches bytes beyond that.
/// </summary>
internal ref struct BitWriter
{
    private readonly Span<byte> _destination;
    private int _position;
    private ulong _pending;
    private int _pendingBits;

    public BitWriter(Span<byte> destination)
    {
        _destination = destination;
    }

    /// <summary>Writes the low <paramref name="count"/> bits (0..64) of <paramref name="value"/>.</summary>
    public void Write(ulong value, int count)
    {
        Debug.Assert(count is >= 0 and <= 64);
        Debug.Assert(count == 64 || value >> count == 0, "value wider than its field");
        if (count == 0)
            return;
        _pending |= value << _pendingBits;
        var total = _pendingBits + count;
        if (total < 64)
        {
            _pendingBits = total;
            return;
        }

        BinaryPrimitives.WriteUInt64LittleEndian(_destination[_position..], _pending);
        _position += 8;
        // The bits of value that did not fit into the word just stored.
        _pending = _pendingBits == 0 ? 0 : value >> (64 - _pendingBits);
        _pendingBits = total - 64;
    }

    /// <summary>Flushes the partial last byte (zero-padded) and returns the bytes written.</summary>
    public int Finish()
    {
        while (_pendingBits > 0)
        {
            _destination[_position++] = (byte)_pending;
            _pending >>= 8;
            _pendingBits -= 8;
        }

        _pendingBits = 0;
        return _position;
    }
}
