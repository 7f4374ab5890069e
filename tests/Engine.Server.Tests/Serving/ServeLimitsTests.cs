using System.Net.Sockets;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class ServeLimitsTests
{
    [Fact]
    public async Task A_connection_over_the_limit_gets_an_error_line_and_idle_connections_are_closed()
    {
        using var folder = new TempFolder();
        var config = folder.File("serve.json");
        await File.WriteAllTextAsync(config, """{ "tcpMaxConnections": 2, "tcpIdleTimeoutSeconds": 1 }""");
        await using var server = await ServerProcess.StartAsync(folder.File("data"), "--config", config);

        using var first = new TcpClient();
        using var second = new TcpClient();
        await first.ConnectAsync(server.Tcp);
        await second.ConnectAsync(server.Tcp);
        await ServingProbe.WaitForMetricAsync(server, "engine_tcp_connections_open", 2);

        using (var third = new TcpClient())
        {
            await third.ConnectAsync(server.Tcp);
            using var reader = new StreamReader(third.GetStream(), Encoding.ASCII);
            Assert.Equal("error: too many connections (limit 2); try again later", await reader.ReadLineAsync());
        }

        // Both quiet connections are closed by the server after 1 s: a read sees the end of the stream.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[16];
        Assert.Equal(0, await first.GetStream().ReadAsync(buffer, timeout.Token));
        Assert.Equal(0, await second.GetStream().ReadAsync(buffer, timeout.Token));
        Assert.Contains("without data", server.Errors, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }
}
