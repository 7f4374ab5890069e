using Engine.Storage.Wal;
using FsCheck;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Wal;

/// <summary>
/// The two alternating commit files: what FasterLog reads back after a reopen, a torn or damaged
/// newest file falling back to the other one, and no allocation per commit.
/// </summary>
public sealed class WalCommitFilesTests
{
    private static readonly byte[] First = [1, 2, 3];
    private static readonly byte[] Second = [4, 5, 6, 7];
    private static readonly byte[] Third = [8];

    [Fact]
    public void Commits_read_back_newest_first_after_reopening()
    {
        using var folder = new TempFolder();
        using (var commits = WalCommitFiles.Open(folder.Path))
        {
            Assert.Empty(commits.ListCommits());
            commits.Commit(64, 100, First, 1, forceWriteMetadata: false);
            commits.Commit(64, 200, Second, 2, forceWriteMetadata: false);
        }

        using var reopened = WalCommitFiles.Open(folder.Path);
        Assert.Equal([2, 1], reopened.ListCommits());
        Assert.Equal(Second, reopened.GetCommitMetadata(2));
        Assert.Equal(First, reopened.GetCommitMetadata(1));
        Assert.Null(reopened.GetCommitMetadata(3));
    }

    [Fact]
    public void A_commit_overwrites_the_older_of_the_two()
    {
        using var folder = new TempFolder();
        using (var commits = WalCommitFiles.Open(folder.Path))
        {
            commits.Commit(64, 100, First, 1, forceWriteMetadata: false);
            commits.Commit(64, 200, Second, 2, forceWriteMetadata: false);
            commits.Commit(64, 300, Third, 3, forceWriteMetadata: false);
        }

        using var reopened = WalCommitFiles.Open(folder.Path);
        Assert.Equal([3, 2], reopened.ListCommits());
        Assert.Equal(Third, reopened.GetCommitMetadata(3));
    }

    [Theory]
    [InlineData(0)] // torn to nothing
    [InlineData(20)] // torn inside the header
    [InlineData(-1)] // one byte of the checksum missing
    public void A_torn_newest_file_falls_back_to_the_other(int keptBytes)
    {
        using var folder = new TempFolder();
        var newest = CommitTwice(folder.Path);
        using (var file = new FileStream(newest, FileMode.Open))
        {
            file.SetLength(keptBytes >= 0 ? keptBytes : file.Length + keptBytes);
        }

        using var reopened = WalCommitFiles.Open(folder.Path);
        Assert.Equal([1], reopened.ListCommits());
        Assert.Equal(First, reopened.GetCommitMetadata(1));
    }

    [Fact]
    public void A_damaged_newest_file_falls_back_and_the_next_commit_spares_the_recovered_one()
    {
        using var folder = new TempFolder();
        var newest = CommitTwice(folder.Path);
        var bytes = File.ReadAllBytes(newest);
        bytes[^6] ^= 0x40; // inside the metadata
        File.WriteAllBytes(newest, bytes);

        using (var reopened = WalCommitFiles.Open(folder.Path))
        {
            Assert.Equal([1], reopened.ListCommits());
            reopened.OnRecovery(1);
            reopened.Commit(64, 300, Third, 3, forceWriteMetadata: false);
        }

        using var again = WalCommitFiles.Open(folder.Path);
        Assert.Equal([3, 1], again.ListCommits());
    }

    [Fact]
    public void Removed_commits_are_no_longer_offered()
    {
        using var folder = new TempFolder();
        CommitTwice(folder.Path);
        using (var commits = WalCommitFiles.Open(folder.Path))
        {
            commits.RemoveCommit(2);
            Assert.Equal([1], commits.ListCommits());
        }

        using (var commits = WalCommitFiles.Open(folder.Path))
        {
            Assert.Equal([1], commits.ListCommits());
            commits.RemoveAllCommits();
        }

        using var emptied = WalCommitFiles.Open(folder.Path);
        Assert.Empty(emptied.ListCommits());
    }

    [Property(MaxTest = 200)]
    public void Random_file_contents_open_without_error(byte[] first, byte[] second)
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, WalCommitFiles.FirstFileName), first);
        File.WriteAllBytes(Path.Combine(folder.Path, WalCommitFiles.SecondFileName), second);

        using var commits = WalCommitFiles.Open(folder.Path);
        Assert.Empty(commits.ListCommits());
        commits.Commit(64, 100, First, 1, forceWriteMetadata: false);
        Assert.Equal([1], commits.ListCommits());
    }

    [Fact]
    public void A_commit_allocates_nothing()
    {
        using var folder = new TempFolder();
        using var commits = WalCommitFiles.Open(folder.Path);
        commits.Commit(64, 100, Second, 1, forceWriteMetadata: false);
        commits.Commit(64, 100, Second, 2, forceWriteMetadata: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 3; i < 103; i++)
        {
            commits.Commit(64, 100 * i, Second, i, forceWriteMetadata: false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Commits 1 then 2; returns the path of the file holding 2.</summary>
    private static string CommitTwice(string directory)
    {
        using var commits = WalCommitFiles.Open(directory);
        commits.Commit(64, 100, First, 1, forceWriteMetadata: false);
        commits.Commit(64, 200, Second, 2, forceWriteMetadata: false);
        return Path.Combine(directory, WalCommitFiles.SecondFileName);
    }
}
