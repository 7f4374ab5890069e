using System.CommandLine;
using Engine.Storage;

namespace Engine.Server.Cli;

/// <summary>
/// <c>engine check</c>: verifies every checksum in a data folder (catalog records, WAL entries
/// while replaying, segment headers, footers and chunks) and names file and offset of any damage.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var data = CliOptions.Data();
        var command = new Command("check", "Verify every checksum in a data folder; exit 1 on damage") { data };
        command.SetAction(parse => Run(parse.GetValue(data)!));
        return command;
    }

    private static int Run(string data)
    {
        using var storage = StorageEngine.Open(data, new StorageOptions { ReadOnly = true });
        var report = storage.Verify();
        foreach (var problem in report.Problems)
        {
            Console.WriteLine($"damaged: {problem.Message}");
        }

        Console.WriteLine($"checked {report.SegmentFiles:N0} segment files, {report.Chunks:N0} chunks, " +
                          $"{storage.Catalog.Count:N0} series, {storage.ReplayedSamples:N0} samples in the WAL: " +
                          (report.Problems.Count == 0 ? "no damage" : $"{report.Problems.Count} damaged"));
        return report.Problems.Count == 0 ? 0 : 1;
    }
}
