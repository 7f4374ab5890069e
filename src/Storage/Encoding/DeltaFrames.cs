namespace Engine.Storage.Encoding;

/// <summary>
/// Decodes the frames of a column stored as per-frame first values (<see cref="RestartValues"/>)
/// and the deltas that follow them (<see cref="Residuals"/>, or the bounded form of
/// <see cref="RansResiduals"/>): the integer and decimal-float columns.
/// </summary>
internal readonly ref struct DeltaFrames : IFrameDecoder<long>
{
    private readonly ReadOnlySpan<long> _firsts;
    private readonly Residuals.Column _deltas;
    private readonly RansResiduals.Column _bounded;
    private readonly bool _isBounded;
    private readonly long _min;
    private readonly long _max;

    /// <summary>Deltas in the plain packed or rANS form.</summary>
    public DeltaFrames(bool rans, ReadOnlySpan<byte> residuals, int count, ReadOnlySpan<long> firsts)
    {
        _firsts = firsts;
        _deltas = new Residuals.Column(rans, residuals, new FrameShape(count, Restarts: 1));
    }

    /// <summary>Deltas in the bounded form, every value within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public DeltaFrames(ReadOnlySpan<byte> residuals, int count, ReadOnlySpan<long> firsts, long min, long max)
    {
        foreach (var first in firsts)
        {
            if (first < min || first > max)
                Corrupt.Throw("bounded deltas: a frame starts outside the column's range");
        }

        _firsts = firsts;
        _bounded = new RansResiduals.Column(residuals, new FrameShape(count, Restarts: 1), bounded: true);
        _isBounded = true;
        _min = min;
        _max = max;
    }

    public void DecodeFrame(int frame, Span<long> output)
    {
        var value = _firsts[frame];
        output[0] = value;
        if (_isBounded)
        {
            _bounded.DecodeBounded(frame, value, _min, _max, output[1..]);
            return;
        }

        // Deltas land in place and are summed front to back.
        _deltas.Decode(frame, output[1..]);
        for (var i = 1; i < output.Length; i++)
        {
            value = unchecked(value + output[i]);
            output[i] = value;
        }
    }
}
