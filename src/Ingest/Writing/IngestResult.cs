using Engine.Ingest.LineProtocol;

namespace Engine.Ingest.Writing;

/// <summary>
/// What became of a body of line protocol: how many points and samples were accepted, how many
/// lines were rejected, and the first rejections with their line, column and reason.
/// </summary>
public sealed class IngestResult
{
    /// <summary>How many rejections are kept with their text; the rest are only counted.</summary>
    public const int MaxKeptErrors = 100;

    private readonly List<LineProtocolError> _errors = [];

    public long PointsAccepted { get; internal set; }

    public long SamplesAccepted { get; internal set; }

    public long LinesRejected { get; private set; }

    public IReadOnlyList<LineProtocolError> Errors => _errors;

    public bool HasErrors => LinesRejected > 0;

    internal void Reject(in LineProtocolError error)
    {
        LinesRejected++;
        if (_errors.Count < MaxKeptErrors)
        {
            _errors.Add(error);
        }
    }

    /// <summary>Adds another result's counts and errors to this one.</summary>
    public void Add(IngestResult other)
    {
        PointsAccepted += other.PointsAccepted;
        SamplesAccepted += other.SamplesAccepted;
        LinesRejected += other.LinesRejected;
        _errors.AddRange(other._errors.Take(MaxKeptErrors - _errors.Count));
    }

    public void Reset()
    {
        PointsAccepted = 0;
        SamplesAccepted = 0;
        LinesRejected = 0;
        _errors.Clear();
    }
}
