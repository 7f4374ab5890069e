using Engine.Storage.Wal;
using FsCheck;
using FsCheck.Xunit;

namespace Engine.Storage.Tests.Wal;

/// <summary>The bytes of one commit file: round trip, and damage read as "no record", never as an error or a wrong record.</summary>
public sealed class CommitFileLayoutTests
{
    [Property]
    public void A_written_record_reads_back(ulong sequence, long commitNum, byte[] metadata)
    {
        var file = Written(sequence, commitNum, metadata);

        Assert.True(CommitFileLayout.TryRead(file, out var readSequence, out var readCommitNum, out var length));
        Assert.Equal(sequence, readSequence);
        Assert.Equal(commitNum, readCommitNum);
        Assert.Equal(metadata, file.AsSpan(CommitFileLayout.HeaderBytes, length).ToArray());
    }

    [Property]
    public void Trailing_bytes_of_an_older_longer_record_are_ignored(byte[] metadata, NonEmptyArray<byte> tail)
    {
        byte[] file = [.. Written(1, 1, metadata), .. tail.Get];

        Assert.True(CommitFileLayout.TryRead(file, out _, out _, out var length));
        Assert.Equal(metadata.Length, length);
    }

    [Property]
    public void Any_changed_byte_makes_the_record_unreadable(byte[] metadata, PositiveInt position, byte flip)
    {
        var file = Written(7, 3, metadata);
        file[position.Get % file.Length] ^= flip == 0 ? (byte)1 : flip;

        Assert.False(CommitFileLayout.TryRead(file, out _, out _, out _));
    }

    [Property]
    public void A_torn_record_is_unreadable(byte[] metadata, PositiveInt kept)
    {
        var file = Written(7, 3, metadata);

        Assert.False(CommitFileLayout.TryRead(file.AsSpan(0, kept.Get % file.Length), out _, out _, out _));
    }

    [Property(MaxTest = 2000)]
    public void Random_bytes_never_throw(byte[] bytes)
    {
        _ = CommitFileLayout.TryRead(bytes, out _, out _, out _);
    }

    [Fact]
    public void Metadata_over_the_limit_is_refused()
    {
        var metadata = new byte[CommitFileLayout.MaxMetadataBytes + 1];

        Assert.Throws<ArgumentException>(() => CommitFileLayout.Write(new byte[CommitFileLayout.FileBytes(metadata.Length)], 1, 1, metadata));
    }

    private static byte[] Written(ulong sequence, long commitNum, byte[] metadata)
    {
        var file = new byte[CommitFileLayout.FileBytes(metadata.Length)];
        Assert.Equal(file.Length, CommitFileLayout.Write(file, sequence, commitNum, metadata));
        return file;
    }
}
