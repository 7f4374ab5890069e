using Engine.Ingest.LineProtocol;
using Engine.Storage.Model;

namespace Engine.Server.Tests.Cli;

public sealed class ImportExportTests
{
    private const string Body =
        "cpu,host=a,region=eu usage=1.5,idle=98i,up=true 1000000000\n" +
        "cpu,region=eu,host=a usage=2.5 2000000000\n" +
        "cpu,host=b\\ c,region=eu usage=-0.0,note=\"say \\\"hi\\\"\" 1000000000\n" +
        "mem,host=a free=18446744073709551615u,used=-9223372036854775808i 1500000000\n" +
        "# a comment\n" +
        "cpu,host=a,region=eu usage=3e-7 3000000000\n";

    [Fact]
    public async Task Import_then_export_gives_back_the_same_points()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var import = await EngineProcess.RunAsync(["import", "-", "--data", data], Body);
        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("imported 5 points (9 samples)", import.Output, StringComparison.Ordinal);

        var export = await EngineProcess.RunAsync(["export", "--data", data]);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Equal(Canonical(Body), Canonical(export.Output));
    }

    [Fact]
    public async Task Export_selects_a_measurement_and_a_time_range()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await EngineProcess.RunAsync(["import", "-", "--data", data], Body);
        var export = await EngineProcess.RunAsync(["export", "--data", data, "--measurement", "cpu", "--start", "1970-01-01T00:00:01.5Z", "--end", "3000000000"]);
        Assert.Equal(["cpu,host=a,region=eu usage=2.5 2000000000"], Canonical(export.Output));
    }

    [Fact]
    public async Task Import_reports_bad_lines_with_line_and_column_and_keeps_the_good_ones()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var import = await EngineProcess.RunAsync(["import", "-", "--data", data, "--precision", "s"], "m v=1 1\nm v=oops 2\nm v=3 3\n");
        Assert.Equal(1, import.ExitCode);
        Assert.Contains("imported 2 points", import.Output, StringComparison.Ordinal);
        Assert.Contains("1 lines rejected", import.Output, StringComparison.Ordinal);
        Assert.Contains("line 2, column 5", import.Error, StringComparison.Ordinal);

        var export = await EngineProcess.RunAsync(["export", "--data", data]);
        Assert.Equal(["m v=1 1000000000", "m v=3 3000000000"], Canonical(export.Output));
    }

    /// <summary>Points as sorted, normalized lines: fields sorted by key, tags sorted by the parser.</summary>
    private static List<string> Canonical(string lineProtocol)
    {
        var (points, errors) = LineProtocol.ParseToPoints(System.Text.Encoding.UTF8.GetBytes(lineProtocol), LineProtocolOptions.Default);
        Assert.Empty(errors);
        return [.. points
            .Select(p => new Point(p.Measurement, p.Tags, p.Fields.OrderBy(f => f.Key, StringComparer.Ordinal), p.TimestampNs))
            .Select(LineProtocolWriter.Format)
            .Select(line => line.TrimEnd('\n'))
            .Order(StringComparer.Ordinal)];
    }
}
