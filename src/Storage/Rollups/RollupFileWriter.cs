using System.Buffers;
using Engine.Storage.IO;
using Engine.Storage.Model;

namespace Engine.Storage.Rollups;

/// <summary>
/// Writes one rollup file (<see cref="RollupFileFormat"/>) a record at a time, in series order, then
/// start order, into buffers it reuses for the next file: the rollup builder writes its files with
/// one writer and keeps only a series' records at a time. Its buffers come from the shared pool
/// and go back on <see cref="Dispose"/>.
/// </summary>
internal sealed class RollupFileWriter : IDisposable
{
    private readonly PooledBufferWriter _file = new();
    private readonly PooledBufferWriter _entries = new();
    private readonly PooledBufferWriter _footer = new();
    private readonly PooledBufferWriter _recordBody = new();
    private long _partitionStart;
    private long _width;
    private int _seriesCount;
    private uint _previousId;

    // The series whose block is being written.
    private bool _inBlock;
    private uint _seriesId;
    private FieldType _type;
    private int _blockStart;
    private int _blockRecords;
    private long _lastStart;

    /// <summary>Starts a file of one tier and partition, forgetting any file not finished.</summary>
    public void Start(RollupTier tier, int shard, int partition)
    {
        _file.ResetWrittenCount();
        _entries.ResetWrittenCount();
        _partitionStart = tier.PartitionStart(partition);
        _width = tier.BucketWidth();
        (_seriesCount, _previousId, _inBlock) = (0, 0, false);
        _file.WriteUInt32(RollupFileFormat.Magic);
        _file.WriteByte(RollupFileFormat.Version);
        _file.WriteByte((byte)tier);
        _file.WriteByte((byte)shard);
        _file.WriteByte((byte)(shard >> 8));
        _file.WriteUInt32(unchecked((uint)partition));
    }

    /// <summary>Whether no record was added since <see cref="Start"/>.</summary>
    public bool IsEmpty => _seriesCount == 0 && !_inBlock;

    /// <summary>Adds a record after those of lower series ids, and after the series' records that start earlier.</summary>
    public void Add(RollupRecord record)
    {
        if (!_inBlock || record.SeriesId != _seriesId)
        {
            if (_inBlock && record.SeriesId < _seriesId)
            {
                throw new ArgumentException("records must be ordered by series, then start, without repeats", nameof(record));
            }

            EndBlock();
            (_inBlock, _seriesId, _type, _blockStart, _blockRecords) = (true, record.SeriesId, record.Type, _file.WrittenCount, 0);
        }
        else if (record.Start <= _lastStart)
        {
            throw new ArgumentException("records must be ordered by series, then start, without repeats", nameof(record));
        }

        _file.WriteVarint((ulong)((record.Start - _partitionStart) / _width));
        _recordBody.ResetWrittenCount();
        SampleSummaryFormat.Write(record.Summary, _type, record.Start, _recordBody);
        if (NumericBits.IsNumeric(_type))
        {
            QuantileSketchFormat.Write(record.Sketch ?? throw new ArgumentException("numeric rollups carry a sketch", nameof(record)), _recordBody);
        }

        _file.WriteVarint((ulong)_recordBody.WrittenCount);
        _file.Write(_recordBody.WrittenSpan);
        _lastStart = record.Start;
        _blockRecords++;
    }

    /// <summary>Ends the file: its bytes, valid until the next <see cref="Start"/>.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        EndBlock();
        _footer.ResetWrittenCount();
        _footer.WriteVarint((ulong)_seriesCount);
        _footer.Write(_entries.WrittenSpan);
        var crc = Crc32C.Append(Crc32C.Start, _file.WrittenSpan[..RollupFileFormat.HeaderLength]);
        crc = Crc32C.Finish(Crc32C.Append(crc, _footer.WrittenSpan));
        _file.Write(_footer.WrittenSpan);
        _file.WriteUInt32(crc);
        _file.WriteUInt32((uint)_footer.WrittenCount);
        _file.WriteUInt32(RollupFileFormat.Magic);
        return _file.WrittenSpan;
    }

    public void Dispose()
    {
        _file.Dispose();
        _entries.Dispose();
        _footer.Dispose();
        _recordBody.Dispose();
    }

    private void EndBlock()
    {
        if (!_inBlock)
        {
            return;
        }

        var block = _file.WrittenSpan[_blockStart..];
        _entries.WriteVarint(_seriesId - _previousId);
        _entries.WriteByte((byte)_type);
        _entries.WriteVarint((ulong)_blockRecords);
        _entries.WriteVarint((ulong)_blockStart);
        _entries.WriteVarint((ulong)block.Length);
        _entries.WriteUInt32(Crc32C.Compute(block));
        _previousId = _seriesId;
        _seriesCount++;
        _inBlock = false;
    }
}
