using System.Net;
using Engine.Server.Cli;
using Engine.Server.Serving.Config;

namespace Engine.Server.Tests.Serving;

public sealed class ServeConfigTests
{
    [Fact]
    public void Defaults_need_no_config()
    {
        var options = ServeCommand.Resolve(null, null, null, null);
        Assert.Equal("data", options.DataFolder);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:9009"), options.TcpEndpoint);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:8086"), options.HttpEndpoint);
        Assert.Equal(1000, options.TcpMaxConnections);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TcpIdleTimeout);
        Assert.Equal(1 << 20, options.MaxLineBytes);
        Assert.Equal(25L << 20, options.HttpMaxBodyBytes);
    }

    [Fact]
    public void The_file_overrides_defaults_and_flags_override_the_file()
    {
        using var folder = new TempFolder();
        var file = folder.File("serve.json");
        File.WriteAllText(file, """
            {
              // comments are allowed
              "data": "from-file", "tcp": "0.0.0.0:1", "http": "[::1]:2",
              "tcpMaxConnections": 3, "tcpIdleTimeoutSeconds": 4.5, "maxLineBytes": 5,
              "httpMaxBodyBytes": 6, "commitIntervalMs": 7, "shutdownTimeoutSeconds": 8,
            }
            """);
        var fromFile = ServeCommand.Resolve(file, null, null, null);
        Assert.Equal("from-file", fromFile.DataFolder);
        Assert.Equal(IPEndPoint.Parse("0.0.0.0:1"), fromFile.TcpEndpoint);
        Assert.Equal(IPEndPoint.Parse("[::1]:2"), fromFile.HttpEndpoint);
        Assert.Equal(3, fromFile.TcpMaxConnections);
        Assert.Equal(TimeSpan.FromSeconds(4.5), fromFile.TcpIdleTimeout);
        Assert.Equal(5, fromFile.MaxLineBytes);
        Assert.Equal(6, fromFile.HttpMaxBodyBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(7), fromFile.CommitInterval);
        Assert.Equal(TimeSpan.FromSeconds(8), fromFile.ShutdownTimeout);

        var flags = ServeCommand.Resolve(file, "from-flag", "localhost:11", "127.0.0.2:12");
        Assert.Equal("from-flag", flags.DataFolder);
        Assert.Equal(IPEndPoint.Parse("127.0.0.1:11"), flags.TcpEndpoint);
        Assert.Equal(IPEndPoint.Parse("127.0.0.2:12"), flags.HttpEndpoint);
        Assert.Equal(3, flags.TcpMaxConnections);
    }

    [Theory]
    [InlineData("""{ "tcpPort": 1 }""", "key \"tcpPort\": unknown key")]
    [InlineData("""{ "tcp": 9009 }""", "key \"tcp\": expected a string")]
    [InlineData("""{ "tcp": "127.0.0.1" }""", "'127.0.0.1' is not HOST:PORT")]
    [InlineData("""{ "tcpMaxConnections": 0 }""", "expected a whole number from 1")]
    [InlineData("""[1]""", "expected a JSON object")]
    [InlineData("""{ "data": """, "not valid JSON")]
    public void A_bad_file_is_an_error_naming_the_key(string json, string expected)
    {
        var e = Assert.Throws<ServeConfigException>(() => ServeConfigFile.Parse(json, "serve.json", new ServeOptions()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("serve.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_bad_config_exits_2_naming_the_key()
    {
        using var folder = new TempFolder();
        var file = folder.File("serve.json");
        await File.WriteAllTextAsync(file, """{ "htp": "127.0.0.1:0" }""");
        var run = await EngineProcess.RunAsync(["serve", "--config", file, "--data", folder.File("data")]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("key \"htp\": unknown key", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_is_set_by_default_and_per_measurement_in_the_file()
    {
        var options = ServeConfigFile.Parse("""
            { "retention": { "rawDays": 7, "measurements": { "cpu": { "rawDays": 2, "dailyDays": 730 } } }, "rollupLatenessSeconds": 60 }
            """, "test.json", new ServeOptions());

        Assert.Equal(TimeSpan.FromDays(7), options.Retention.Default.Raw);
        Assert.Equal(TimeSpan.FromDays(90), options.Retention.Default.Hourly);
        Assert.Equal(TimeSpan.FromDays(2), options.Retention.For("cpu").Raw);
        Assert.Equal(TimeSpan.FromDays(90), options.Retention.For("cpu").Hourly);
        Assert.Equal(TimeSpan.FromDays(730), options.Retention.For("cpu").Daily);
        Assert.Equal(TimeSpan.FromDays(7), options.Retention.For("mem").Raw);
        Assert.Equal(TimeSpan.FromMinutes(1), options.RollupLateness);
    }

    [Theory]
    [InlineData("""{ "retention": { "rawDays": 100 } }""", "config file test.json, key \"retention\": retention of default: raw 100 days, hourly 90, daily 365; each must be positive and no shorter than the tier before it")]
    [InlineData("""{ "retention": { "raw": 1 } }""", "config file test.json, key \"retention\".raw: unknown key (known keys: rawDays, hourlyDays, dailyDays)")]
    [InlineData("""{ "retention": { "measurements": { "cpu": { "rawDays": -1 } } } }""", "config file test.json, key \"retention\".measurements.cpu.rawDays: expected a number of days greater than 0 and at most 36500")]
    public void Bad_retention_settings_name_the_key_and_what_is_wrong(string json, string error)
    {
        var exception = Assert.Throws<ServeConfigException>(() => ServeConfigFile.Parse(json, "test.json", new ServeOptions()));
        Assert.Equal(error, exception.Message);
    }
}
