using System.Numerics;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

/// <summary>
/// The shared last stage of the numeric codecs: the residuals (deltas or delta-of-deltas,
/// wrapping) of a column's frames, stored either bit-packed or rANS-coded, whichever is smaller.
/// The residual count is never stored: the caller knows it from the chunk's sample count and its
/// <see cref="FrameShape"/>.
///
/// Packed layout:
/// <code>
///   byte     width                  0..64 bits per residual
///   bits     zigzag(residual)       width bits each, frame after frame, LSB-first, zero-padded to a byte
/// </code>
/// A packed frame is found by arithmetic alone. The rANS layout is described on <see cref="RansResiduals"/>.
/// </summary>
internal static class Residuals
{
    [ThreadStatic] private static byte[]? t_rans;

    public static int MaxEncodedLength(int count) => 1 + (8 * count);

    /// <summary>
    /// Writes the smaller form into <paramref name="destination"/> (at least
    /// <see cref="MaxEncodedLength"/> bytes) and returns its length.
    /// </summary>
    public static int Encode(ReadOnlySpan<long> residuals, FrameShape shape, Span<byte> destination, out bool rans)
    {
        var packedLength = EncodePacked(residuals, destination);
        rans = false;
        // rANS needs a table and a 4-byte state: below a few samples it cannot win.
        if (residuals.Length < 8 || packedLength <= 8)
            return packedLength;

        var scratch = ScratchBuffer.Get(ref t_rans, RansResiduals.MaxEncodedLength(residuals.Length));
        var ransLength = RansResiduals.Encode(residuals, shape, scratch);
        if (ransLength >= packedLength)
            return packedLength;
        scratch.AsSpan(0, ransLength).CopyTo(destination);
        rans = true;
        return ransLength;
    }

    private static int EncodePacked(ReadOnlySpan<long> residuals, Span<byte> destination)
    {
        ulong all = 0;
        foreach (var r in residuals)
            all |= Varint.ZigZag(r);
        var width = 64 - BitOperations.LeadingZeroCount(all);
        destination[0] = (byte)width;
        var writer = new BitWriter(destination[1..]);
        if (width > 0)
        {
            foreach (var r in residuals)
                writer.Write(Varint.ZigZag(r), width);
        }

        return 1 + writer.Finish();
    }

    /// <summary>A residual column opened for decoding any of its frames.</summary>
    public readonly ref struct Column
    {
        private readonly ReadOnlySpan<byte> _source;
        private readonly FrameShape _shape;
        private readonly RansResiduals.Column _rans;
        private readonly bool _isRans;
        private readonly int _width;

        public Column(bool rans, ReadOnlySpan<byte> source, FrameShape shape)
        {
            _source = source;
            _shape = shape;
            _isRans = rans;
            if (rans)
            {
                _rans = new RansResiduals.Column(source, shape, bounded: false);
                return;
            }

            if (source.IsEmpty || source[0] > 64)
                Corrupt.Throw("packed residuals: width byte missing or above 64 bits");
            _width = source[0];
            if (source.Length != 1 + (((long)_width * shape.TotalResiduals) + 7) / 8)
                Corrupt.Throw("packed residuals: length does not match the residual count");
        }

        /// <summary>Decodes a prefix of frame <paramref name="frame"/>'s residuals.</summary>
        public void Decode(int frame, Span<long> output) => Open(frame).Read(output);

        /// <summary>Starts decoding frame <paramref name="frame"/>'s residuals, to be read in steps.</summary>
        public FrameReader Open(int frame)
        {
            if (_isRans)
                return new FrameReader(_rans.Open(frame));
            var bit = (long)_width * _shape.ResidualStart(frame);
            var reader = new BitReader(_source[(1 + (int)(bit >> 3))..]);
            reader.Read((int)(bit & 7));
            return new FrameReader(reader, _width);
        }
    }

    /// <summary>One frame's residuals, packed or rANS-coded, decoded front to back in steps.</summary>
    public ref struct FrameReader
    {
        private RansResiduals.FrameReader _rans;
        private BitReader _packed;
        private readonly int _width;
        private readonly bool _isRans;

        public FrameReader(RansResiduals.FrameReader rans)
        {
            _rans = rans;
            _isRans = true;
        }

        public FrameReader(BitReader packed, int width)
        {
            _packed = packed;
            _width = width;
        }

        /// <summary>Decodes the next <paramref name="output"/>.Length residuals of the frame.</summary>
        public void Read(Span<long> output)
        {
            if (_isRans)
            {
                _rans.Read(output);
                return;
            }

            var packed = _packed; // a local, not a field, in the loop: the JIT keeps it in registers
            for (var i = 0; i < output.Length; i++)
                output[i] = Varint.UnZigZag(packed.Read(_width));
            _packed = packed;
        }
    }
}
