namespace Engine.Storage.IO;

/// <summary>
/// The one way a new file is published: write a temporary sibling, fsync it, rename it over the
/// final name, fsync the folder. A crash leaves either no file or the whole file, never half.
/// </summary>
public static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>Publishes what <paramref name="writeContent"/> writes; the stream is unbuffered, so the callback writes in large pieces.</summary>
    public static void Write(string path, Action<FileStream> writeContent)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            writeContent(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Makes a rename or a new file in <paramref name="directory"/> survive power loss.</summary>
    public static void SyncDirectory(string directory) => FileSync.FlushDirectory(directory);

    /// <summary>Removes temporary files a crash left behind in <paramref name="directory"/>.</summary>
    public static void DeleteLeftovers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*" + TemporarySuffix))
        {
            File.Delete(file);
        }
    }
}
