using Microsoft.Win32.SafeHandles;

namespace Engine.Storage.Wal;

/// <summary>
/// One of the two WAL commit files: an open handle and the record last read from or written to
/// it, kept in a buffer that is reused from write to write, so a commit allocates nothing.
/// </summary>
internal sealed class CommitSlot : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _bytes = new byte[256];
    private int _metadataLength;

    private CommitSlot(SafeFileHandle handle) => _handle = handle;

    /// <summary>Whether the file holds an intact record.</summary>
    public bool Valid { get; private set; }

    public ulong Sequence { get; private set; }

    public long CommitNum { get; private set; }

    /// <summary>FasterLog's metadata of the record; empty unless <see cref="Valid"/>.</summary>
    public ReadOnlySpan<byte> Metadata => Valid ? _bytes.AsSpan(CommitFileLayout.HeaderBytes, _metadataLength) : default;

    /// <summary>Opens (creating when absent) the file at <paramref name="path"/> and reads its record.</summary>
    public static CommitSlot Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var slot = new CommitSlot(handle);
        try
        {
            slot.ReadRecord();
            return slot;
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>Overwrites the file with a new record and waits until it is on disk.</summary>
    public void Write(ulong sequence, long commitNum, ReadOnlySpan<byte> metadata)
    {
        var length = CommitFileLayout.FileBytes(metadata.Length);
        if (_bytes.Length < length)
        {
            _bytes = new byte[Math.Max(length, _bytes.Length * 2)];
        }

        // Marked invalid first: if the write fails midway, this slot no longer claims a record.
        Valid = false;
        CommitFileLayout.Write(_bytes, sequence, commitNum, metadata);
        RandomAccess.Write(_handle, _bytes.AsSpan(0, length), fileOffset: 0);
        RandomAccess.FlushToDisk(_handle);
        Set(sequence, commitNum, metadata.Length);
    }

    /// <summary>Destroys the record (its magic) on disk, so that recovery no longer offers it.</summary>
    public void Invalidate()
    {
        Valid = false;
        var header = _bytes.AsSpan(0, CommitFileLayout.HeaderBytes);
        header.Clear();
        RandomAccess.Write(_handle, header, fileOffset: 0);
        RandomAccess.FlushToDisk(_handle);
    }

    public void Dispose() => _handle.Dispose();

    private void ReadRecord()
    {
        var length = (int)Math.Min(RandomAccess.GetLength(_handle), CommitFileLayout.MaxFileBytes);
        if (_bytes.Length < length)
        {
            _bytes = new byte[length];
        }

        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(_handle, _bytes.AsSpan(read, length - read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (CommitFileLayout.TryRead(_bytes.AsSpan(0, read), out var sequence, out var commitNum, out var metadataLength))
        {
            Set(sequence, commitNum, metadataLength);
        }
    }

    private void Set(ulong sequence, long commitNum, int metadataLength)
    {
        Sequence = sequence;
        CommitNum = commitNum;
        _metadataLength = metadataLength;
        Valid = true;
    }
}
