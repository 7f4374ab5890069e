using System.Buffers;

namespace Engine.Ingest.LineProtocol;

/// <summary>Multi-segment input: lines inside a segment are parsed in place; a line that spans segments is copied.</summary>
public sealed partial class LineProtocolReader
{
    // Holds the incomplete tail of one segment plus the next segment's bytes up to a newline.
    private byte[] _spanningLine = [];

    /// <summary>
    /// Like <see cref="Parse{THandler}(ReadOnlySpan{byte}, bool, ref THandler)"/> for a
    /// <see cref="ReadOnlySequence{T}"/> (as from a <c>PipeReader</c>).
    /// </summary>
    /// <returns>The number of bytes consumed from the start of <paramref name="input"/>.</returns>
    public long Parse<THandler>(in ReadOnlySequence<byte> input, bool isFinalBlock, ref THandler handler)
        where THandler : ILineHandler, allows ref struct
    {
        var defaultTime = new DefaultTimestamp(Options);
        if (input.IsSingleSegment)
        {
            return ParseBlock(input.FirstSpan, isFinalBlock, ref handler, ref defaultTime);
        }

        long consumed = 0;
        int carried = 0;
        foreach (ReadOnlyMemory<byte> memory in input)
        {
            ReadOnlySpan<byte> segment = memory.Span;
            while (!segment.IsEmpty)
            {
                if (carried == 0)
                {
                    int parsed = ParseBlock(segment, isFinalBlock: false, ref handler, ref defaultTime);
                    consumed += parsed;
                    carried = Carry(segment[parsed..], 0);
                    break;
                }

                // Extend the spanning line one newline at a time until it is complete (or too long,
                // which ParseBlock reports and consumes).
                int newline = segment.IndexOf((byte)'\n');
                int take = newline < 0 ? segment.Length : newline + 1;
                carried = Carry(segment[..take], carried);
                segment = segment[take..];
                int used = ParseBlock(_spanningLine.AsSpan(0, carried), isFinalBlock: false, ref handler, ref defaultTime);
                consumed += used;
                _spanningLine.AsSpan(used, carried - used).CopyTo(_spanningLine);
                carried -= used;
            }
        }

        if (isFinalBlock && carried > 0)
        {
            consumed += ParseBlock(_spanningLine.AsSpan(0, carried), isFinalBlock: true, ref handler, ref defaultTime);
        }

        return consumed;
    }

    private int Carry(ReadOnlySpan<byte> bytes, int carried)
    {
        if (carried + bytes.Length > _spanningLine.Length)
        {
            Array.Resize(ref _spanningLine, Math.Max(carried + bytes.Length, _spanningLine.Length * 2));
        }

        bytes.CopyTo(_spanningLine.AsSpan(carried));
        return carried + bytes.Length;
    }
}
