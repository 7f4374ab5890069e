namespace Engine.Storage.Rollups;

/// <summary>
/// A rollup file shared by the cache and the readers using it: closed when the last of them lets
/// go, so a reader keeps the version it started with after the builder replaces it.
/// </summary>
internal sealed class SharedRollupFile
{
    private int _references = 1;

    internal SharedRollupFile(RollupFile file) => File = file;

    public RollupFile File { get; }

    internal void AddReference() => Interlocked.Increment(ref _references);

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            File.Dispose();
        }
    }
}
