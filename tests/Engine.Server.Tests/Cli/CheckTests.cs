using System.Buffers.Binary;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Server.Tests.Cli;

public sealed class CheckTests
{
    [Fact]
    public async Task Check_passes_on_an_intact_folder()
    {
        using var folder = new TempFolder();
        WriteTwoMeasurements(folder.File("data"));
        var check = await EngineProcess.RunAsync(["check", "--data", folder.File("data")]);
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains("no damage", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flipped_byte_in_a_chunk_is_located_and_the_other_chunks_stay_readable()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var (damagedId, _) = WriteTwoMeasurements(data);
        var (file, chunkOffset, chunkLength) = FindChunk(data, damagedId);
        using (var stream = File.Open(file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = chunkOffset + (chunkLength / 2); // inside the chunk's columns
            var b = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(b ^ 0x10));
        }

        var check = await EngineProcess.RunAsync(["check", "--data", data]);
        Assert.Equal(1, check.ExitCode);
        Assert.True(check.Output.Contains($"{file} @ offset {chunkOffset}: chunk checksum mismatch", StringComparison.Ordinal), check.Output);

        var healthy = await EngineProcess.RunAsync(["export", "--data", data, "--measurement", "healthy"]);
        Assert.True(healthy.ExitCode == 0, healthy.Error);
        Assert.Equal(1000, healthy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var damaged = await EngineProcess.RunAsync(["export", "--data", data, "--measurement", "damaged"]);
        Assert.Equal(2, damaged.ExitCode);
        Assert.Contains("chunk checksum mismatch", damaged.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_process_on_an_open_folder_gets_a_clear_error()
    {
        using var folder = new TempFolder();
        using var owner = StorageEngine.Open(folder.Path, new StorageOptions { BackgroundJobs = false });
        var check = await EngineProcess.RunAsync(["check", "--data", folder.Path]);
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("is in use by another process", check.Error, StringComparison.Ordinal);
    }

    private static (uint DamagedId, uint HealthyId) WriteTwoMeasurements(string data)
    {
        using var storage = StorageEngine.Open(data, new StorageOptions { BackgroundJobs = false });
        var start = 1_700_000_000_000_000_000L;
        storage.Write(Enumerable.Range(0, 1000).SelectMany(i => new[]
        {
            new Point("damaged", [new("host", "x")], [new("v", FieldValue.Float(i))], start + i),
            new Point("healthy", [new("host", "y")], [new("v", FieldValue.Float(i))], start + i),
        }));
        return (storage.Index.SeriesOf("damaged")[0].Id, storage.Index.SeriesOf("healthy")[0].Id);
    }

    /// <summary>Finds a series' chunk by reading segment footers as docs/file-format.md describes them.</summary>
    private static (string File, long Offset, long Length) FindChunk(string data, uint seriesId)
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(data, "segments"), "*.seg", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var trailer = bytes.AsSpan(bytes.Length - 24);
            var position = (int)BinaryPrimitives.ReadInt64LittleEndian(trailer);
            var count = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
            long offset = 32;
            ulong id = 0;
            for (var i = 0; i < count; i++)
            {
                id += ReadVarint(bytes, ref position); // series id delta
                ReadVarint(bytes, ref position); // count
                ReadVarint(bytes, ref position); // min time delta
                ReadVarint(bytes, ref position); // time span
                var length = (long)ReadVarint(bytes, ref position);
                if (id == seriesId)
                {
                    return (file, offset, length);
                }

                offset += length;
            }
        }

        throw new InvalidOperationException($"no chunk of series {seriesId}");
    }

    private static ulong ReadVarint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
