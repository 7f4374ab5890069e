namespace Engine.Storage.IO;

/// <summary>
/// Makes one process the owner of a data folder. .NET takes an advisory <c>flock</c> for
/// <see cref="FileShare.None"/> on Unix, which the kernel releases when the process dies, even by
/// kill -9, so a stale lock file never blocks a restart.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _stream;

    private DataFolderLock(FileStream stream) => _stream = stream;

    public static DataFolderLock Acquire(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileNames.Lock);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write($"pid {Environment.ProcessId}\n");
            }

            stream.Flush();
            return new DataFolderLock(stream);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DataFolderLockedException(
                $"data folder '{dataDirectory}' is in use by another process (lock file {path}); " +
                "stop that process or open another folder", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>Another process owns the data folder.</summary>
public sealed class DataFolderLockedException : IOException
{
    public DataFolderLockedException(string message, Exception inner) : base(message, inner)
    {
    }

    public DataFolderLockedException()
    {
    }

    public DataFolderLockedException(string message) : base(message)
    {
    }
}
