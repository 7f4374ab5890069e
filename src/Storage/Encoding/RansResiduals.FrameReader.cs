using System.Buffers.Binary;
using Engine.Storage.IO;

namespace Engine.Storage.Encoding;

internal static partial class RansResiduals
{
    /// <summary>
    /// One frame's residuals (plain form), decoded front to back in as many steps as the caller
    /// likes, so a reader can stop as soon as it has what it needs. Reading the frame's last
    /// residual checks that the stream ends exactly where it was written.
    /// </summary>
    public ref struct FrameReader
    {
        private readonly RansDecoderTable _table;
        private readonly ReadOnlySpan<byte> _rans;
        private BitReader _extra;
        private uint _state;
        private int _next;
        private int _remaining;

        public FrameReader(RansDecoderTable table, ReadOnlySpan<byte> rans, ReadOnlySpan<byte> extra, int residuals)
        {
            _table = table;
            _rans = rans;
            _extra = new BitReader(extra);
            _state = residuals == 0 ? StateLow : BinaryPrimitives.ReadUInt32LittleEndian(rans);
            _next = 4;
            _remaining = residuals;
        }

        /// <summary>Decodes the next <paramref name="output"/>.Length residuals of the frame.</summary>
        public void Read(Span<long> output)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(output.Length, _remaining);
            var frequencies = _table.Frequencies;
            var starts = _table.Starts;
            var slotToSymbol = _table.SlotToSymbol;
            var scaleBits = _table.ScaleBits;
            var mask = (1u << scaleBits) - 1;
            // Locals, not fields, in the loop: the JIT keeps them in registers.
            var state = _state;
            var next = _next;
            var extra = _extra;
            var rans = _rans;
            for (var i = 0; i < output.Length; i++)
            {
                var slot = state & mask;
                int s = slotToSymbol[(int)slot];
                state = ((uint)frequencies[s] * (state >> scaleBits)) + slot - (uint)starts[s];
                while (state < StateLow)
                {
                    if (next >= rans.Length)
                        Corrupt.Throw("rANS stream runs past its end");
                    state = (state << 8) | rans[next++];
                }

                var value = ResidualSymbols.FromSymbol(s, extra.Read(ResidualSymbols.ExtraBitCount(s)));
                output[i] = Varint.UnZigZag(value);
            }

            _state = state;
            _next = next;
            _extra = extra;
            _remaining -= output.Length;
            if (_remaining == 0 && output.Length > 0)
                EnsureEnded(state, next, rans, ref _extra);
        }
    }
}
