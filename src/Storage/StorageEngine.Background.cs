namespace Engine.Storage;

public sealed partial class StorageEngine
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _committer;
    private Task? _checkpointer;
    private Task? _maintainer;

    /// <summary>Raised when a background job fails; the job keeps running.</summary>
    public event Action<Exception>? BackgroundError;

    private void StartBackgroundJobs()
    {
        if (!Options.BackgroundJobs)
        {
            return;
        }

        _committer = Task.Run(() => CommitLoop(_stopping.Token));
        _checkpointer = Task.Run(() => CheckpointLoop(_stopping.Token));
        _maintainer = Task.Run(() => MaintenanceLoop(_stopping.Token));
    }

    private void StopBackgroundJobs()
    {
        _stopping.Cancel();
        try
        {
            Task.WaitAll([.. new[] { _committer, _checkpointer, _maintainer }.OfType<Task>()]);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
        }

        _stopping.Dispose();
    }

    /// <summary>Commits each shard that has uncommitted entries once per <see cref="StorageOptions.CommitInterval"/>.</summary>
    private async Task CommitLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Options.CommitInterval);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            foreach (var shard in _shards)
            {
                try
                {
                    if (shard.Wal.TailAddress > shard.Wal.CommittedUntilAddress)
                    {
                        shard.Wal.Commit();
                    }
                }
                catch (Exception e) when (e is IOException or InvalidOperationException)
                {
                    BackgroundError?.Invoke(e);
                }
            }
        }
    }

    /// <summary>
    /// Checkpoints a shard when its WAL holds more than <see cref="StorageOptions.CheckpointWalBytes"/>
    /// (sealing the older half of the heads) or when <see cref="StorageOptions.CheckpointInterval"/> has
    /// passed since its last checkpoint (sealing everything); then compacts day partitions that
    /// have many files or whose day has closed. Once per interval, the chunk pool lets go of the
    /// buffers that interval did not need.
    /// </summary>
    private async Task CheckpointLoop(CancellationToken stopping)
    {
        var lastFull = new DateTime[_shards.Length];
        Array.Fill(lastFull, DateTime.UtcNow);
        var lastTrim = DateTime.UtcNow;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            for (var i = 0; i < _shards.Length; i++)
            {
                var shard = _shards[i];
                try
                {
                    var walBytes = shard.Wal.TailAddress - shard.Wal.BeginAddress;
                    if (DateTime.UtcNow - lastFull[i] >= Options.CheckpointInterval)
                    {
                        shard.Checkpoint(Catalog);
                        lastFull[i] = DateTime.UtcNow;
                    }
                    else if (walBytes > Options.CheckpointWalBytes)
                    {
                        shard.Checkpoint(Catalog, sealBeforeAddress: shard.Wal.TailAddress - (Options.CheckpointWalBytes / 2));
                    }
                }
                catch (Exception e) when (e is IOException or CorruptDataException or UnauthorizedAccessException)
                {
                    BackgroundError?.Invoke(e);
                }
            }

            if (DateTime.UtcNow - lastTrim >= Options.CheckpointInterval)
            {
                ChunkPool.Trim();
                lastTrim = DateTime.UtcNow;
            }

            try
            {
                CompactShards(all: false);
            }
            catch (Exception e) when (e is IOException or CorruptDataException or UnauthorizedAccessException)
            {
                BackgroundError?.Invoke(e);
            }
        }
    }

    /// <summary>
    /// Builds the rollups of hours that have closed and drops partitions past retention, once per
    /// <see cref="StorageOptions.MaintenanceInterval"/>.
    /// </summary>
    private async Task MaintenanceLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Options.MaintenanceInterval);
        while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
        {
            try
            {
                BuildRollups(shardsDone: null, stopping);
                if (!stopping.IsCancellationRequested)
                {
                    DropExpiredPartitions();
                }
            }
            catch (Exception e) when (e is IOException or CorruptDataException or UnauthorizedAccessException)
            {
                BackgroundError?.Invoke(e);
            }
        }
    }
}
