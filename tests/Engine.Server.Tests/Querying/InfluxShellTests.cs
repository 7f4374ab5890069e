using System.Diagnostics;
using System.Net;
using Engine.Server.Tests.Serving;

namespace Engine.Server.Tests.Querying;

/// <summary>
/// The InfluxDB 1.x shell (`influx`, Debian package influxdb-client) against a real server: it must
/// connect, list measurements and run a GROUP BY time query. Where it is not installed, the package
/// is downloaded and unpacked into tests/clients/influx (no root needed).
/// </summary>
public sealed class InfluxShellTests
{
    private static readonly string UnpackedInflux = RepositoryFolder.Combine("tests", "clients", "influx", "usr", "bin", "influx");

    [Fact]
    public async Task The_influx_shell_connects_shows_measurements_and_groups_by_time()
    {
        var influx = await LocateInfluxAsync();

        using var folder = new TempFolder();
        await using var server = await ServerProcess.StartAsync(folder.File("data"));
        var write = await server.Http.PostAsync("/write?precision=s", new StringContent("cpu,host=a usage=10 60\ncpu,host=a usage=30 90\ncpu,host=a usage=50 150\n"));
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);
        var port = server.Http.BaseAddress!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var measurements = await RunAsync(influx, "-host", "127.0.0.1", "-port", port, "-database", "engine", "-execute", "SHOW MEASUREMENTS");
        Assert.Contains("name: measurements", measurements, StringComparison.Ordinal);
        Assert.Contains("cpu", measurements, StringComparison.Ordinal);

        var grouped = await RunAsync(influx, "-host", "127.0.0.1", "-port", port, "-database", "engine", "-precision", "s", "-format", "csv",
            "-execute", "SELECT mean(usage) FROM cpu WHERE time >= 0s AND time < 180s GROUP BY time(1m)");
        Assert.Equal(["name,time,mean", "cpu,0,", "cpu,60,20", "cpu,120,50"], grouped.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task<string> LocateInfluxAsync()
    {
        if (File.Exists("/usr/bin/influx"))
        {
            return "/usr/bin/influx";
        }

        var folder = RepositoryFolder.Combine("tests", "clients", "influx");
        Directory.CreateDirectory(folder);
        await ToolInstall.EnsureAsync(() => Directory.EnumerateFiles(folder, "*.deb").Any(), folder, "apt-get", "download", "influxdb-client");
        await ToolInstall.EnsureAsync(() => File.Exists(UnpackedInflux), folder, "sh", "-c", "dpkg-deb -x influxdb-client_*.deb .");
        return UnpackedInflux;
    }

    private static async Task<string> RunAsync(string executable, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"influx exited {process.ExitCode}: {await error}");
        return await output;
    }
}
