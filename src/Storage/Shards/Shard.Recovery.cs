using Engine.Storage.Catalog;
using Engine.Storage.IO;
using Engine.Storage.Segments;
using Engine.Storage.Wal;

namespace Engine.Storage.Shards;

internal sealed partial class Shard
{
    /// <summary>
    /// Opens this shard's segment files. A file whose header, footer or trailer is damaged is left
    /// out and reported; the others stay readable.
    /// </summary>
    public void OpenSegments(ICollection<CorruptDataException> problems)
    {
        var segmentsRoot = Path.Combine(_root, FileNames.SegmentsDirectory);
        List<SegmentReader> opened = [];
        if (Directory.Exists(segmentsRoot))
        {
            foreach (var partition in Directory.EnumerateDirectories(segmentsRoot))
            {
                AtomicFile.DeleteLeftovers(partition);
                foreach (var file in Directory.EnumerateFiles(partition, "*" + FileNames.SegmentExtension))
                {
                    if (!FileNames.TryParseSegmentName(Path.GetFileName(file), out var shard, out var generation) || shard != Id)
                    {
                        continue;
                    }

                    _nextGeneration = Math.Max(_nextGeneration, generation);
                    try
                    {
                        opened.Add(SegmentReader.Open(file, generation));
                    }
                    catch (CorruptDataException e)
                    {
                        problems.Add(e);
                    }
                }
            }
        }

        _segments = [.. opened.OrderBy(s => s.Generation)];
        NoteNewestInSegments();
    }

    /// <summary>Replays the WAL into the heads: every committed write since the last checkpoint comes back.</summary>
    public long Replay(SeriesCatalog catalog)
    {
        lock (_writeLock)
        {
            var samples = 0L;
            foreach (var (entry, address, _) in Wal.ReadAll())
            {
                var visitor = new ReplayVisitor(this, catalog, address);
                try
                {
                    WalEntryReader.Read(entry, ref visitor);
                }
                catch (CorruptDataException e)
                {
                    throw new CorruptDataException(e.Message, Wal.Directory, address);
                }

                samples += visitor.Samples;
            }

            return samples;
        }
    }

    private struct ReplayVisitor(Shard shard, SeriesCatalog catalog, long address) : WalEntryReader.IVisitor
    {
        public long Samples { get; private set; }

        public readonly Series Define(SeriesDefinition definition)
        {
            var series = catalog.Restore(definition, persisted: false);
            series.DefinedInWal = true;
            return series;
        }

        public readonly Series? Lookup(uint seriesId) => catalog[seriesId];

        public void Sample(Series series, long timestampNs, ulong bits, string? text)
        {
            shard.Apply(series, timestampNs, bits, text, address);
            Samples++;
        }
    }
}
