using System.Buffers;
using System.CommandLine;
using System.Text;
using Engine.Ingest.LineProtocol;
using Engine.Storage;
using Engine.Storage.Catalog;
using Engine.Storage.Model;
using Engine.Storage.Segments;

namespace Engine.Server.Cli;

/// <summary>
/// <c>engine export</c>: writes stored points as line protocol to standard output, one line per
/// tag set and timestamp with every field that has a value then, so that import then export gives
/// back the same points.
/// </summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var measurement = new Option<string?>("--measurement", "-m") { Description = "only this measurement" };
        var start = new Option<string?>("--start") { Description = "first time included (RFC 3339 or ns)" };
        var end = new Option<string?>("--end") { Description = "first time excluded (RFC 3339 or ns)" };
        var command = new Command("export", "Write stored points as line protocol to standard output") { data, measurement, start, end };
        command.SetAction(parse => Run(
            parse.GetValue(data)!,
            parse.GetValue(measurement),
            parse.GetValue(start) is { } s ? TimeArgument.Parse(s) : long.MinValue,
            parse.GetValue(end) is { } e ? TimeArgument.Parse(e) : long.MaxValue));
        return command;
    }

    private static int Run(string data, string? measurement, long start, long end)
    {
        using var storage = StorageEngine.Open(data, new StorageOptions { ReadOnly = true });
        using var output = Console.OpenStandardOutput();
        var buffer = new ArrayBufferWriter<byte>(1 << 20);
        var writer = new LineProtocolWriter(buffer);
        var measurements = measurement is null ? storage.Index.Measurements() : [measurement];
        foreach (var name in measurements)
        {
            foreach (var tagSet in storage.Index.SeriesOf(name).Select(s => s.TagSet).Distinct())
            {
                ExportTagSet(storage, tagSet, start, end, writer, buffer, output);
            }
        }

        output.Write(buffer.WrittenSpan);
        return 0;
    }

    /// <summary>Merges the fields of one tag set by timestamp, a block of each at a time.</summary>
    private static void ExportTagSet(StorageEngine storage, TagSet tagSet, long start, long end,
        LineProtocolWriter writer, ArrayBufferWriter<byte> buffer, Stream output)
    {
        var measurement = Encoding.UTF8.GetBytes(tagSet.Measurement);
        var tags = tagSet.Tags.Select(t => (Key: Encoding.UTF8.GetBytes(t.Key), Value: Encoding.UTF8.GetBytes(t.Value))).ToArray();
        var cursors = tagSet.Fields.Select(series => new FieldCursor(series, storage.Read(series, start, end))).Where(c => c.Valid).ToList();
        while (cursors.Count > 0)
        {
            var time = cursors.Min(c => c.Time);
            writer.BeginLine(measurement);
            foreach (var (key, value) in tags)
            {
                writer.WriteTag(key, value);
            }

            foreach (var cursor in cursors.Where(c => c.Time == time))
            {
                cursor.WriteField(writer);
                cursor.Advance();
            }

            writer.EndLine(time);
            cursors.RemoveAll(c => !c.Valid);
            if (buffer.WrittenCount > (1 << 20) - 4096)
            {
                output.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }
    }

    private sealed class FieldCursor
    {
        private readonly IEnumerator<DecodedBlock> _blocks;
        private readonly byte[] _key;
        private DecodedBlock? _block;
        private int _index;

        public FieldCursor(Series series, IEnumerable<DecodedBlock> blocks)
        {
            _blocks = blocks.GetEnumerator();
            _key = Encoding.UTF8.GetBytes(series.FieldKey);
            NextBlock();
        }

        public bool Valid => _block is not null;

        public long Time => _block!.Timestamps[_index];

        public void WriteField(LineProtocolWriter writer)
        {
            var value = _block!.ValueAt(_index);
            switch (value.Type)
            {
                case FieldType.Float:
                    writer.WriteField(_key, value.AsFloat);
                    break;
                case FieldType.Integer:
                    writer.WriteField(_key, value.AsInteger);
                    break;
                case FieldType.Unsigned:
                    writer.WriteField(_key, value.AsUnsigned);
                    break;
                case FieldType.Boolean:
                    writer.WriteField(_key, value.AsBoolean);
                    break;
                default:
                    writer.WriteStringField(_key, Encoding.UTF8.GetBytes(value.AsString));
                    break;
            }
        }

        public void Advance()
        {
            if (++_index >= _block!.Count)
            {
                NextBlock();
            }
        }

        private void NextBlock()
        {
            _index = 0;
            _block = _blocks.MoveNext() ? _blocks.Current : null;
        }
    }
}
