using System.Buffers;
using Engine.Ingest.Writing;

namespace Engine.Server.Serving;

/// <summary>
/// Hands a pipe's buffer to a <see cref="LineProtocolIngestor"/>, which parses contiguous spans: a
/// single-segment buffer is parsed in place, a multi-segment one is copied into a scratch array first.
/// The copy stays bounded because the ingestor consumes every complete line and skips over-long ones,
/// so the unconsumed tail never exceeds the line limit (plus its line ending).
/// Buffer ownership: the scratch array belongs to one connection or request; return it with <see cref="Dispose"/>.
/// </summary>
internal sealed class SequenceFeeder : IDisposable
{
    private byte[] _scratch = [];

    /// <summary>Parses the complete lines (all of it when <paramref name="isFinalBlock"/>) and returns the bytes consumed.</summary>
    public long Feed(LineProtocolIngestor ingestor, in ReadOnlySequence<byte> buffer, bool isFinalBlock)
    {
        if (buffer.IsSingleSegment)
        {
            return ingestor.Ingest(buffer.FirstSpan, isFinalBlock);
        }

        var length = checked((int)buffer.Length);
        if (_scratch.Length < length)
        {
            ReturnScratch();
            _scratch = ArrayPool<byte>.Shared.Rent(length);
        }

        buffer.CopyTo(_scratch);
        return ingestor.Ingest(_scratch.AsSpan(0, length), isFinalBlock);
    }

    public void Dispose() => ReturnScratch();

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }
}
