using Engine.Storage.IO;
using FASTER.core;

namespace Engine.Storage.Wal;

/// <summary>
/// Carries the commit records of FASTER's default commit manager — where earlier builds kept them,
/// one file per commit in <c>commits/log-commits/</c> — over into <see cref="WalCommitFiles"/>, so
/// that a WAL left behind by a crash of an earlier build is still replayed. Runs before FasterLog
/// opens; the old folder is deleted once its records are durable in the new files, and a crash in
/// between finishes the move on the next open.
/// </summary>
internal static class LegacyCommits
{
    public const string DirectoryName = "commits";

    public static void MoveInto(WalCommitFiles commits, string walDirectory)
    {
        var legacy = Path.Combine(walDirectory, DirectoryName);
        if (!Directory.Exists(legacy))
        {
            return;
        }

        // FasterLog numbers commits upwards from the one it recovered, so a record already in the
        // commit files with a number at least as high is the same move done before (a crash came
        // before the old folder's deletion was durable) or a later commit: never go back past it.
        var newest = commits.ListCommits().DefaultIfEmpty(0).Max();
        using (var manager = new DeviceLogCommitCheckpointManager(new LocalStorageNamedDeviceFactory(), new DefaultCheckpointNamingScheme(legacy), removeOutdated: false))
        {
            // The newest two, as the two commit files hold them: the older first, so that the newest
            // gets the higher sequence. FasterLog checks each record's own checksum when it recovers.
            foreach (var commitNum in manager.ListCommits().Take(2).Reverse().Where(n => n > newest))
            {
                byte[] metadata;
                try
                {
                    metadata = manager.GetCommitMetadata(commitNum);
                }
                catch (Exception e) when (e is IOException or FasterException or ArgumentException or OverflowException)
                {
                    continue; // a torn file (the crash hit its write): FasterLog would have skipped it too
                }

                if (metadata.Length <= CommitFileLayout.MaxMetadataBytes)
                {
                    commits.Commit(0, 0, metadata, commitNum, forceWriteMetadata: false);
                }
            }
        }

        Directory.Delete(legacy, recursive: true);
        AtomicFile.SyncDirectory(walDirectory);
    }
}
