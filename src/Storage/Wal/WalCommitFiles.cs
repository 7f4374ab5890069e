using Engine.Storage.IO;
using FASTER.core;

namespace Engine.Storage.Wal;

/// <summary>
/// FasterLog's commit records for one shard, kept in two files that are written alternately in
/// place (<see cref="CommitFileLayout"/>: a sequence number and a checksum each, fsynced). A
/// commit overwrites the older file, so a crash mid-write leaves the newer one intact: recovery
/// offers the intact records newest first and FasterLog takes the first. Unlike FASTER's default
/// manager (a new file, device and buffers per commit, then a deletion of the previous file), a
/// commit here allocates nothing.
/// </summary>
/// <remarks>
/// FasterLog calls <see cref="Commit"/> from its serial commit worker, one at a time, and the rest
/// while it recovers in its constructor; nothing here needs a lock.
/// </remarks>
internal sealed class WalCommitFiles : ILogCommitManager
{
    public const string FirstFileName = "commit.0";
    public const string SecondFileName = "commit.1";

    private readonly CommitSlot[] _slots;

    /// <summary>Index of the slot with the newest record FasterLog uses, or -1 when there is none.</summary>
    private int _newest;

    private ulong _sequence;

    private WalCommitFiles(CommitSlot[] slots)
    {
        _slots = slots;
        _newest = -1;
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Valid && (_newest < 0 || slots[i].Sequence > slots[_newest].Sequence))
            {
                _newest = i;
            }
        }

        _sequence = _newest < 0 ? 0 : slots[_newest].Sequence;
    }

    /// <summary>Opens (creating when absent) the two commit files in <paramref name="directory"/>.</summary>
    public static WalCommitFiles Open(string directory)
    {
        var first = Path.Combine(directory, FirstFileName);
        var second = Path.Combine(directory, SecondFileName);
        var created = !File.Exists(first) || !File.Exists(second);
        List<CommitSlot> slots = [];
        try
        {
            slots.Add(CommitSlot.Open(first));
            slots.Add(CommitSlot.Open(second));
        }
        catch
        {
            slots.ForEach(s => s.Dispose());
            throw;
        }

        if (created)
        {
            // The files are written in place from now on; their names must survive a power loss.
            AtomicFile.SyncDirectory(directory);
        }

        return new WalCommitFiles([.. slots]);
    }

    /// <summary>Writes the record into the slot that does not hold the newest one; durable on return.</summary>
    public void Commit(long beginAddress, long untilAddress, byte[] commitMetadata, long commitNum, bool forceWriteMetadata)
    {
        var target = _newest == 0 ? 1 : 0;
        _slots[target].Write(++_sequence, commitNum, commitMetadata);
        _newest = target;
    }

    /// <summary>The metadata of the newest intact record with <paramref name="commitNum"/>, or null.</summary>
    public byte[]? GetCommitMetadata(long commitNum) =>
        SlotOf(commitNum) is { } slot ? _slots[slot].Metadata.ToArray() : null;

    /// <summary>Commit numbers of the intact records, newest first (FasterLog's order of preference).</summary>
    public IEnumerable<long> ListCommits() =>
        [.. _slots.Where(s => s.Valid).OrderByDescending(s => s.Sequence).Select(s => s.CommitNum)];

    public void RemoveCommit(long commitNum)
    {
        if (SlotOf(commitNum) is { } slot)
        {
            _slots[slot].Invalidate();
            _newest = _slots[1 - slot].Valid ? 1 - slot : -1;
        }
    }

    public void RemoveAllCommits()
    {
        foreach (var slot in _slots)
        {
            slot.Invalidate();
        }

        _newest = -1;
    }

    /// <summary>
    /// FasterLog recovered from <paramref name="commitNum"/>: the next commit must spare its slot,
    /// even if the other one holds a newer record that FasterLog could not use.
    /// </summary>
    public void OnRecovery(long commitNum)
    {
        if (SlotOf(commitNum) is { } slot)
        {
            _newest = slot;
        }
    }

    public void Dispose()
    {
        foreach (var slot in _slots)
        {
            slot.Dispose();
        }
    }

    private int? SlotOf(long commitNum)
    {
        int? found = null;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Valid && _slots[i].CommitNum == commitNum && (found is null || _slots[i].Sequence > _slots[found.Value].Sequence))
            {
                found = i;
            }
        }

        return found;
    }
}
