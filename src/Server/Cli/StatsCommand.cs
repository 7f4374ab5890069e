using System.CommandLine;
using System.Text.Json;
using Engine.Storage;
using Spectre.Console;

namespace Engine.Server.Cli;

/// <summary><c>engine stats</c>: series, samples and bytes, per shard and per measurement.</summary>
internal static class StatsCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Create()
    {
        var data = CliOptions.Data();
        var format = CliOptions.Format();
        var command = new Command("stats", "Series, samples and bytes on disk, per shard and per measurement") { data, format };
        command.SetAction(parse => Run(parse.GetValue(data)!, parse.GetValue(format)));
        return command;
    }

    private static int Run(string data, OutputFormat format)
    {
        using var storage = StorageEngine.Open(data, new StorageOptions { ReadOnly = true });
        var stats = storage.CollectStats();
        if (format == OutputFormat.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                stats.Series,
                stats.Samples,
                stats.BytesOnDisk,
                stats.CatalogBytes,
                stats.EncodedBytesPerSample,
                stats.Shards,
                stats.Measurements,
            }, Json));
            return 0;
        }

        var shards = new Table().Title("shards").AddColumns("shard", "series", "samples", "segment files", "segment bytes", "WAL bytes", "bytes/sample");
        foreach (var s in stats.Shards)
        {
            shards.AddRow($"{s.Shard}", $"{s.Series:N0}", $"{s.Samples:N0}", $"{s.SegmentFiles:N0}", $"{s.SegmentBytes:N0}", $"{s.WalBytes:N0}",
                s.EncodedSamples > 0 ? $"{(double)s.EncodedBytes / s.EncodedSamples:F3}" : "-");
        }

        var measurements = new Table().Title("measurements").AddColumns("measurement", "series", "samples", "encoded bytes", "bytes/sample");
        foreach (var m in stats.Measurements)
        {
            measurements.AddRow(Markup.Escape(m.Measurement), $"{m.Series:N0}", $"{m.Samples:N0}", $"{m.EncodedBytes:N0}",
                m.Samples > 0 && m.EncodedBytes > 0 ? $"{(double)m.EncodedBytes / m.Samples:F3}" : "-");
        }

        AnsiConsole.Write(shards);
        AnsiConsole.Write(measurements);
        AnsiConsole.WriteLine($"total: {stats.Series:N0} series, {stats.Samples:N0} samples, {stats.BytesOnDisk:N0} bytes on disk, " +
                              $"{stats.EncodedBytesPerSample:F3} encoded bytes per sample");
        return 0;
    }
}
