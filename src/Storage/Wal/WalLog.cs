using FASTER.core;

namespace Engine.Storage.Wal;

/// <summary>
/// The write-ahead log of one shard: a FasterLog with per-entry checksums. The verbs are FASTER's:
/// <see cref="Enqueue"/> puts an entry in memory, <see cref="Commit"/> asks for it to be made
/// durable, <see cref="WaitForCommitAsync"/> waits until it is, <see cref="TruncateUntil"/> drops
/// entries that are safely in segments. Enqueue is called by the shard's single writer. Commit
/// records go to <see cref="WalCommitFiles"/>, which writes them without allocating.
/// </summary>
internal sealed class WalLog : IDisposable
{
    private readonly IDevice _device;
    private readonly WalCommitFiles _commits;
    private readonly FasterLog _log;

    /// <summary>
    /// FasterLog's frame around each entry with per-entry checksums: a 4-byte length and an 8-byte
    /// checksum. Frame and payload (padded to 4 bytes) must fit in one page.
    /// </summary>
    public const int EntryHeaderBytes = 12;

    private WalLog(IDevice device, WalCommitFiles commits, FasterLog log, string directory, int pageSizeBits)
    {
        _device = device;
        _commits = commits;
        _log = log;
        Directory = directory;
        MaxEntryBytes = (1 << pageSizeBits) - EntryHeaderBytes;
    }

    public string Directory { get; }

    /// <summary>
    /// The largest entry <see cref="Enqueue"/> takes: an entry must fit in one in-memory page
    /// (<see cref="WalOptions.PageSizeBits"/>) with its frame.
    /// </summary>
    public int MaxEntryBytes { get; }

    public long BeginAddress => _log.BeginAddress;

    public long TailAddress => _log.TailAddress;

    public long CommittedUntilAddress => _log.CommittedUntilAddress;

    public static WalLog Open(string directory, WalOptions options)
    {
        System.IO.Directory.CreateDirectory(directory);
        var device = Devices.CreateLogDevice(Path.Combine(directory, "wal.log"), preallocateFile: false, deleteOnClose: false, recoverDevice: true);
        WalCommitFiles? commits = null;
        try
        {
            commits = WalCommitFiles.Open(directory);
            LegacyCommits.MoveInto(commits, directory);
            var settings = new FasterLogSettings
            {
                LogDevice = device,
                PageSizeBits = options.PageSizeBits,
                MemorySizeBits = options.MemorySizeBits,
                SegmentSizeBits = options.SegmentSizeBits,
                LogCommitManager = commits,
                LogChecksum = LogChecksumType.PerEntry,
                TryRecoverLatest = true,
                AutoRefreshSafeTailAddress = false,
            };
            return new WalLog(device, commits, new FasterLog(settings), directory, options.PageSizeBits);
        }
        catch
        {
            commits?.Dispose();
            device.Dispose();
            throw;
        }
    }

    /// <summary>Appends one entry in memory; returns its address. Not yet durable.</summary>
    public long Enqueue(ReadOnlySpan<byte> entry) => _log.Enqueue(entry);

    /// <summary>Asks for everything enqueued so far to be committed; does not wait.</summary>
    public void Commit() => _log.Commit(spinWait: false);

    /// <summary>Completes when every entry before <paramref name="untilAddress"/> is durable.</summary>
    public ValueTask WaitForCommitAsync(long untilAddress, CancellationToken cancellation = default) =>
        _log.WaitForCommitAsync(untilAddress, token: cancellation);

    /// <summary>Commits everything enqueued so far and waits for it.</summary>
    public void CommitAndWait() => _log.Commit(spinWait: true);

    /// <summary>Drops entries before <paramref name="address"/> (a record boundary); durable at the next commit.</summary>
    public void TruncateUntil(long address) => _log.TruncateUntil(address);

    /// <summary>Every committed entry from the log's begin to its tail, with its address.</summary>
    public IEnumerable<(byte[] Entry, long Address, long NextAddress)> ReadAll()
    {
        using var iterator = _log.Scan(_log.BeginAddress, _log.TailAddress);
        while (iterator.GetNext(out var entry, out var length, out var address, out var nextAddress))
        {
            yield return (length == entry.Length ? entry : entry[..length], address, nextAddress);
        }
    }

    public void Dispose()
    {
        _log.Dispose();
        _commits.Dispose();
        _device.Dispose();
    }
}
