namespace Engine.Storage;

/// <summary>What <see cref="StorageEngine.Verify"/> found.</summary>
public sealed record VerifyReport(int SegmentFiles, long Chunks, IReadOnlyList<CorruptDataException> Problems);

public sealed partial class StorageEngine
{
    /// <summary>
    /// Checks every segment chunk's checksum and header against its footer entry, on top of what
    /// opening already checked (catalog records, WAL entries, segment headers and footers).
    /// </summary>
    public VerifyReport Verify()
    {
        ThrowIfDisposed();
        List<CorruptDataException> problems = [.. _openProblems];
        var files = 0;
        long chunks = 0;
        foreach (var segment in _shards.SelectMany(s => s.Segments))
        {
            files++;
            chunks += segment.Entries.Count;
            problems.AddRange(segment.Verify());
        }

        return new VerifyReport(files, chunks, problems);
    }
}
