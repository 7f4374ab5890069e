using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Engine.Storage.IO;

/// <summary>The only place that calls the operating system's fsync directly.</summary>
internal static partial class FileSync
{
    public static void Flush(SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (Fsync(handle) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // EINVAL: the file system cannot sync this kind of handle (some do not for folders).
            if (errno != 22)
            {
                throw new IOException($"fsync failed with errno {errno}");
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(SafeFileHandle handle);
}
