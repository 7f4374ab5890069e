using System.Buffers.Text;

namespace Engine.DataGen;

/// <summary>
/// Buffers UTF-8 line protocol and writes it to a stream in large blocks; numbers are formatted
/// straight into the buffer, so a line costs no allocation.
/// </summary>
public sealed class LineWriter : IDisposable
{
    private const int MaxLineBytes = 4096;
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[1 << 20];
    private int _length;

    public LineWriter(Stream stream)
    {
        _stream = stream;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void Write(long value)
    {
        Utf8Formatter.TryFormat(value, _buffer.AsSpan(_length), out var written);
        _length += written;
    }

    /// <summary>Writes scaled / 10^decimals with exactly that many decimals, e.g. 5812, 2 as 58.12.</summary>
    public void WriteFixed(long scaled, int decimals)
    {
        if (scaled < 0)
        {
            _buffer[_length++] = (byte)'-';
            scaled = -scaled;
        }

        var divisor = 1L;
        for (var i = 0; i < decimals; i++)
            divisor *= 10;
        Write(scaled / divisor);
        _buffer[_length++] = (byte)'.';
        var fraction = scaled % divisor;
        for (var d = divisor / 10; d > 0; d /= 10)
            _buffer[_length++] = (byte)('0' + (fraction / d % 10));
    }

    /// <summary>Ends a line; flushes when the buffer could not take another full line.</summary>
    public void EndLine()
    {
        _buffer[_length++] = (byte)'\n';
        if (_length > _buffer.Length - MaxLineBytes)
            FlushBuffer();
    }

    public void Flush()
    {
        FlushBuffer();
        _stream.Flush();
    }

    public void Dispose() => Flush();

    private void FlushBuffer()
    {
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }
}
