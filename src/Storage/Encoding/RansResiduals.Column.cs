using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

internal static partial class RansResiduals
{
    /// <summary>
    /// A rANS-coded residual column opened for decoding: the table read once, then any frame
    /// decodable on its own. Opening the last frame checks that the frames account for every byte
    /// of the column; a range read that stops before it does not visit the frames after its own
    /// (each in another cache line, as costly as decoding a short range), the chunk checksum covers them.
    /// </summary>
    public readonly ref struct Column
    {
        private readonly ReadOnlySpan<byte> _frames;
        private readonly FrameShape _shape;
        private readonly RansDecoderTable _table;

        public Column(ReadOnlySpan<byte> source, FrameShape shape, bool bounded)
        {
            _table = RansDecoderTable.ForThisThread();
            var reader = new BitReader(source);
            _table.Read(ref reader, bounded);
            _frames = source[reader.BytesConsumed..];
            _shape = shape;
            if (shape.FrameCount == 0 && !_frames.IsEmpty)
                Corrupt.Throw("rANS frames do not account for the column");
        }

        /// <summary>Starts decoding frame <paramref name="frame"/>'s residuals (plain form).</summary>
        public FrameReader Open(int frame)
        {
            LocateChecked(frame, out var rans, out var extra);
            var residuals = _shape.ResidualCount(frame);
            return residuals == 0 ? new FrameReader(_table, default, default, 0) : new FrameReader(_table, rans, extra, residuals);
        }

        public void DecodeBounded(int frame, long first, long min, long max, Span<long> output)
        {
            LocateChecked(frame, out var rans, out var extra);
            if (output.IsEmpty)
                return;
            DecodeBoundedFrame(_table, rans, new BitReader(extra), first, min, max, output, output.Length == _shape.ResidualCount(frame));
        }

        /// <summary><see cref="Locate"/>, checking at the last frame that the frames end where the column does.</summary>
        private void LocateChecked(int frame, out ReadOnlySpan<byte> rans, out ReadOnlySpan<byte> extra)
        {
            var end = Locate(frame, out rans, out extra);
            if (frame == _shape.FrameCount - 1 && end != _frames.Length)
                Corrupt.Throw("rANS frames do not account for the column");
        }

        /// <summary>Finds frame <paramref name="frame"/>'s streams; returns where the frame ends.</summary>
        private int Locate(int frame, out ReadOnlySpan<byte> rans, out ReadOnlySpan<byte> extra)
        {
            rans = extra = default;
            var position = 0;
            for (var k = 0; k <= frame && k < _shape.FrameCount; k++)
            {
                if (_shape.ResidualCount(k) == 0)
                    continue;
                var ransLength = Varint.Read(_frames, ref position);
                var extraLength = Varint.Read(_frames, ref position);
                var remaining = (ulong)(_frames.Length - position);
                if (ransLength < 4 || ransLength > remaining || extraLength > remaining - ransLength)
                    Corrupt.Throw("rANS frame lengths out of range");
                rans = _frames.Slice(position, (int)ransLength);
                extra = _frames.Slice(position + (int)ransLength, (int)extraLength);
                position += (int)(ransLength + extraLength);
            }

            return position;
        }
    }

    /// <summary>
    /// The decoder's tables, built from a column's <see cref="RansTable"/>: kept per thread because
    /// a thread decodes one column at a time, so no read allocates or clears 5 KB of tables.
    /// </summary>
    internal sealed class RansDecoderTable
    {
        [ThreadStatic] private static RansDecoderTable? t_table;

        public int[] Frequencies { get; } = new int[ResidualSymbols.Count];

        public int[] Starts { get; } = new int[ResidualSymbols.Count];

        public byte[] SlotToSymbol { get; } = new byte[1 << RansTable.MaxScaleBits];

        public int ScaleBits { get; private set; }

        public uint StayFrequency { get; private set; }

        public static RansDecoderTable ForThisThread() => t_table ??= new RansDecoderTable();

        public void Read(ref BitReader reader, bool bounded)
        {
            ScaleBits = RansTable.Read(ref reader, Frequencies);
            StayFrequency = 0;
            if (bounded)
            {
                StayFrequency = (uint)reader.Read(StayScaleBits);
                if (StayFrequency is 0 or >= StayTotal)
                    Corrupt.Throw("bounded rANS: stay frequency out of range");
            }

            // Frequencies sum to the scale, so the slots are all assigned once the last symbol
            // with any is reached: the (often many) symbols after it cost nothing.
            var total = 1 << ScaleBits;
            for (int s = 0, start = 0; start < total; s++)
            {
                Starts[s] = start;
                SlotToSymbol.AsSpan(start, Frequencies[s]).Fill((byte)s);
                start += Frequencies[s];
            }
        }
    }
}
