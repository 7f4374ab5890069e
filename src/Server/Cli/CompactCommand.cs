using System.CommandLine;
using Engine.Storage;
using Spectre.Console;

namespace Engine.Server.Cli;

/// <summary>
/// <c>engine compact</c>: runs now what the server does in the background: merges day
/// partitions, builds the rollups of closed hours, and drops partitions past retention.
/// </summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var command = new Command("compact", "Merge segment files, build pending rollups and apply retention now (the server does this in the background)") { data };
        command.SetAction(parse => Run(parse.GetValue(data)!));
        return command;
    }

    private static int Run(string data)
    {
        using var storage = StorageEngine.Open(data, new StorageOptions { BackgroundJobs = false });
        var merged = 0;
        Storage.Rollups.RollupBuildStats rollups = default;
        RetentionStats retention = default;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var compaction = context.AddTask("merging partitions", maxValue: 1);
                var building = context.AddTask("building rollups", maxValue: storage.ShardCount);
                var expiring = context.AddTask("applying retention", maxValue: 1);
                merged = storage.Compact();
                compaction.Increment(1);
                rollups = storage.BuildRollups(new Progress<int>(done => building.Value = done));
                building.Value = storage.ShardCount;
                retention = storage.ApplyRetention();
                expiring.Increment(1);
            });

        Console.WriteLine($"merged {merged} partitions; rolled up {rollups.HoursBuilt} hours ({rollups.LateRebuilds} rebuilt after late points) " +
                          $"and {rollups.DaysBuilt} days from {rollups.SamplesRolledUp:N0} samples; dropped {retention.RawDays} raw shard-days, " +
                          $"{retention.HourlyDays} hourly days and {retention.DailyMonths} daily months past retention");
        return 0;
    }
}
