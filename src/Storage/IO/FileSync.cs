using System.Runtime.InteropServices;

namespace Engine.Storage.IO;

/// <summary>The only place that calls the operating system's fsync directly.</summary>
internal static partial class FileSync
{
    private const int OpenReadOnly = 0;
    private const int InvalidArgument = 22;

    /// <summary>Flushes a folder's entries (new names, renames); .NET cannot open folders as files.</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals renames; Windows has no folder handles to flush.
        }

        var descriptor = Open(directory, OpenReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open folder {directory} to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                ThrowUnlessUnsupported($"fsync of folder {directory}");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static void ThrowUnlessUnsupported(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        // EINVAL: this file system cannot sync this kind of handle; there is nothing more to do.
        if (errno != InvalidArgument)
        {
            throw new IOException($"{what} failed with errno {errno}");
        }
    }

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
