using Engine.Storage.Wal;
using FASTER.core;

namespace Engine.Storage.Tests.Wal;

/// <summary>FasterLog recovering through <see cref="WalCommitFiles"/>: what was committed comes back, and only that.</summary>
public sealed class WalLogRecoveryTests
{
    private static readonly WalOptions Small = new() { PageSizeBits = 16, MemorySizeBits = 18, SegmentSizeBits = 20 };
    private static readonly byte[] EntryA = [1, 1, 1];
    private static readonly byte[] EntryB = [2, 2, 2, 2, 2];

    [Fact]
    public void Committed_entries_come_back_after_reopening()
    {
        using var folder = new TempFolder();
        CommitAThenB(folder.Path);

        using var reopened = WalLog.Open(folder.Path, Small);
        Assert.Equal([EntryA, EntryB], Entries(reopened));
    }

    [Fact]
    public void A_damaged_newest_commit_recovers_the_previous_one_and_later_commits_are_kept()
    {
        using var folder = new TempFolder();
        CommitAThenB(folder.Path);

        var newest = NewestCommitFile(folder.Path);
        var bytes = File.ReadAllBytes(newest);
        bytes[CommitFileLayout.HeaderBytes] ^= 0xFF;
        File.WriteAllBytes(newest, bytes);

        using (var reopened = WalLog.Open(folder.Path, Small))
        {
            Assert.Equal([EntryA], Entries(reopened));
            reopened.Enqueue(EntryB);
            reopened.CommitAndWait();
        }

        using var again = WalLog.Open(folder.Path, Small);
        Assert.Equal([EntryA, EntryB], Entries(again));
    }

    [Fact]
    public void After_falling_back_past_a_record_fasterlog_rejects_a_torn_next_commit_still_leaves_the_recovered_one()
    {
        using var folder = new TempFolder();
        CommitAThenB(folder.Path);

        // Intact for the commit file's checksum, damaged for FasterLog's own (its begin address).
        var newest = NewestCommitFile(folder.Path);
        var bytes = File.ReadAllBytes(newest);
        Assert.True(CommitFileLayout.TryRead(bytes, out var sequence, out var commitNum, out var length));
        var metadata = bytes.AsSpan(CommitFileLayout.HeaderBytes, length).ToArray();
        metadata[12] ^= 1;
        CommitFileLayout.Write(bytes, sequence, commitNum, metadata);
        File.WriteAllBytes(newest, bytes);

        using (var reopened = WalLog.Open(folder.Path, Small))
        {
            Assert.Equal([EntryA], Entries(reopened));
            reopened.Enqueue(EntryB);
            reopened.CommitAndWait();
        }

        // The write of that commit torn by a crash: the record recovered from must still be there.
        File.WriteAllBytes(NewestCommitFile(folder.Path), []);

        using var again = WalLog.Open(folder.Path, Small);
        Assert.Equal([EntryA], Entries(again));
    }

    [Fact]
    public void A_log_committed_by_fasters_default_commit_manager_is_carried_over()
    {
        using var folder = new TempFolder();
        var legacyCommits = CommitAThenBWithFastersDefaultManager(folder.Path);

        using (var wal = WalLog.Open(folder.Path, Small))
        {
            Assert.Equal([EntryA, EntryB], Entries(wal));
            Assert.False(Directory.Exists(legacyCommits));
            wal.Enqueue(EntryA);
            wal.CommitAndWait();
        }

        using var reopened = WalLog.Open(folder.Path, Small);
        Assert.Equal([EntryA, EntryB, EntryA], Entries(reopened));
    }

    [Fact]
    public void An_old_commit_folder_that_outlived_its_move_does_not_take_the_log_back()
    {
        using var folder = new TempFolder();
        var legacyCommits = CommitAThenBWithFastersDefaultManager(folder.Path);
        using var saved = new TempFolder();
        CopyFolder(legacyCommits, saved.Path);

        using (var wal = WalLog.Open(folder.Path, Small))
        {
            wal.Enqueue(EntryA);
            wal.CommitAndWait();
        }

        // As if the deletion of the old folder had not reached the disk before a power loss.
        CopyFolder(saved.Path, legacyCommits);

        using var reopened = WalLog.Open(folder.Path, Small);
        Assert.Equal([EntryA, EntryB, EntryA], Entries(reopened));
        Assert.False(Directory.Exists(legacyCommits));
    }

    /// <summary>Writes entries A and B the way earlier builds did; returns the old commit folder.</summary>
    private static string CommitAThenBWithFastersDefaultManager(string directory)
    {
        var legacyCommits = Path.Combine(directory, LegacyCommits.DirectoryName);
        using (var device = Devices.CreateLogDevice(Path.Combine(directory, "wal.log"), preallocateFile: false, recoverDevice: true))
        using (var log = new FasterLog(new FasterLogSettings
        {
            LogDevice = device,
            PageSizeBits = Small.PageSizeBits,
            MemorySizeBits = Small.MemorySizeBits,
            SegmentSizeBits = Small.SegmentSizeBits,
            LogCommitDir = legacyCommits,
            LogChecksum = LogChecksumType.PerEntry,
            TryRecoverLatest = true,
            RemoveOutdatedCommits = true,
        }))
        {
            log.Enqueue(EntryA);
            log.Commit(spinWait: true);
            log.Enqueue(EntryB);
            log.Commit(spinWait: true);
        }

        // FASTER deletes the outdated commit file in the background: wait until only the newest is left.
        Assert.True(SpinWait.SpinUntil(() => Directory.GetFiles(legacyCommits, "*", SearchOption.AllDirectories).Length == 1, TimeSpan.FromSeconds(30)));
        return legacyCommits;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void CommitAThenB(string directory)
    {
        using var wal = WalLog.Open(directory, Small);
        wal.Enqueue(EntryA);
        wal.CommitAndWait();
        wal.Enqueue(EntryB);
        wal.CommitAndWait();
    }

    private static List<byte[]> Entries(WalLog wal) => [.. wal.ReadAll().Select(e => e.Entry)];

    /// <summary>The commit file with the higher sequence; both must hold a record.</summary>
    private static string NewestCommitFile(string directory)
    {
        var files = new[] { WalCommitFiles.FirstFileName, WalCommitFiles.SecondFileName }.Select(name => Path.Combine(directory, name)).ToArray();
        var sequences = files.Select(file => CommitFileLayout.TryRead(File.ReadAllBytes(file), out var sequence, out _, out _) ? sequence : throw new InvalidDataException($"{file} holds no record")).ToArray();
        return sequences[0] > sequences[1] ? files[0] : files[1];
    }
}
