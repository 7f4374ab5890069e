namespace Engine.Server.Tests.Querying;

/// <summary>`engine query` and `engine repl` as processes, against a data folder and against a server.</summary>
public sealed class QueryCliTests
{
    private const string Points = "cpu,host=a usage=10 60000000000\ncpu,host=b usage=30 60000000000\ncpu,host=a usage=20 120000000000\n";

    [Fact]
    public async Task Query_prints_tables_json_and_csv_and_points_at_errors()
    {
        using var folder = new TempFolder();
        var data = await ImportAsync(folder);

        var table = await EngineProcess.RunAsync(["query", "SELECT max(usage) FROM cpu GROUP BY host", "--data", data]);
        Assert.Equal(0, table.ExitCode);
        Assert.Equal(
            "name: cpu\ntags: host=a\ntime                 max\n----                 ---\n1970-01-01T00:00:00Z 20\n\n" +
            "name: cpu\ntags: host=b\ntime                 max\n----                 ---\n1970-01-01T00:00:00Z 30\n\n",
            table.Output);

        var json = await EngineProcess.RunAsync(["query", "SELECT usage FROM cpu WHERE host = 'a'", "--data", data, "--format", "json"]);
        Assert.Contains("\"values\": [", json.Output, StringComparison.Ordinal);
        Assert.Contains("\"1970-01-01T00:02:00Z\",", json.Output, StringComparison.Ordinal);

        var csv = await EngineProcess.RunAsync(["query", "SELECT usage FROM cpu WHERE host = 'a' ORDER BY time DESC LIMIT 1", "--data", data, "--format", "csv"]);
        Assert.Equal("name,tags,time,usage\ncpu,,1970-01-01T00:02:00Z,20\n", csv.Output);

        var error = await EngineProcess.RunAsync(["query", "SELECT mean(usage) FROM cpu GROUP BY time(5x)", "--data", data]);
        Assert.Equal(1, error.ExitCode);
        Assert.Equal(
            "error at 1:43: expected a duration unit (ns, u, µ, ms, s, m, h, d or w) in '5x', found 'x'\n  SELECT mean(usage) FROM cpu GROUP BY time(5x)\n                                            ^\n",
            error.Error);
    }

    [Fact]
    public async Task Repl_runs_a_script_from_stdin_without_prompts()
    {
        using var folder = new TempFolder();
        var data = await ImportAsync(folder);
        var script = "\\format csv\nSELECT count(usage)\n  FROM cpu;\nSELECT nonsense;\nSHOW TAG VALUES WITH KEY = host;\n";

        var (exitCode, output, _) = await EngineProcess.RunAsync(["repl", "--data", data], script);
        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("engine>", output, StringComparison.Ordinal);
        var lines = output.Split('\n');
        Assert.Equal("format is csv", lines[0]);
        Assert.Equal("name,tags,time,count", lines[1]);
        Assert.Equal("cpu,,1970-01-01T00:00:00Z,3", lines[2]);
        Assert.StartsWith("error at 1:", lines[3], StringComparison.Ordinal);
        Assert.Contains("cpu,,host,a", output, StringComparison.Ordinal);
        Assert.Contains("cpu,,host,b", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_and_repl_reach_a_running_server_and_the_folder_it_holds_is_refused()
    {
        using var folder = new TempFolder();
        var data = await ImportAsync(folder);
        await using var server = await Serving.ServerProcess.StartAsync(data);
        var host = server.Http.BaseAddress!.ToString();

        var remote = await EngineProcess.RunAsync(["query", "SELECT sum(usage) FROM cpu", "--host", host, "--format", "csv"]);
        Assert.Equal(0, remote.ExitCode);
        Assert.Equal("name,tags,time,sum\ncpu,,1970-01-01T00:00:00Z,60\n", remote.Output);

        var refused = await EngineProcess.RunAsync(["query", "SELECT mean(usage) FROM cpu GROUP BY time(1x)", "--host", host]);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("error parsing query: error at 1:43: expected a duration unit", refused.Error, StringComparison.Ordinal);
        Assert.Contains("\n                                            ^", refused.Error, StringComparison.Ordinal);

        var repl = await EngineProcess.RunAsync(["repl", "--host", host], "SHOW MEASUREMENTS;\n");
        Assert.Equal(0, repl.ExitCode);
        Assert.Equal("name: measurements\nname\n----\ncpu\n\n", repl.Output);

        var locked = await EngineProcess.RunAsync(["query", "SHOW MEASUREMENTS", "--data", data]);
        Assert.Equal(2, locked.ExitCode);
        Assert.Contains("engine: ", locked.Error, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task<string> ImportAsync(TempFolder folder)
    {
        var data = folder.File("data");
        var import = await EngineProcess.RunAsync(["import", "-", "--data", data], Points);
        Assert.Equal(0, import.ExitCode);
        return data;
    }
}
