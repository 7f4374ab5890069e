using System.Net.Sockets;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class TcpIngestTests
{
    private const int Connections = 8;
    private const int PointsPerConnection = 5_000;

    [Fact]
    public async Task Points_from_concurrent_connections_are_all_stored_after_sigterm()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);

        await Task.WhenAll(Enumerable.Range(0, Connections).Select(c => SendAsync(server, c)));
        // Every connection must have been accepted (not still in the listen backlog) before the
        // signal; whether its bytes were read yet is up to the server's drain.
        await ServingProbe.WaitForMetricAsync(server, "engine_tcp_connections_total", Connections);
        Assert.Equal(0, await server.StopAsync());

        var stored = await StoredPoints.ExportAsync(data);
        var expected = Enumerable.Range(0, Connections)
            .SelectMany(c => Enumerable.Range(1, PointsPerConnection).Select(i => Line(c, i)))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored);
    }

    private static string Line(int connection, int i) => $"tcp,conn=c{connection} v={i}i {i}";

    /// <summary>Writes in uneven pieces so that lines are split across reads.</summary>
    private static async Task SendAsync(ServerProcess server, int connection)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= PointsPerConnection; i++)
        {
            text.Append(Line(connection, i)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp);
        var stream = client.GetStream();
        var random = new Random(connection);
        for (var offset = 0; offset < bytes.Length;)
        {
            var piece = Math.Min(random.Next(1, 20_000), bytes.Length - offset);
            await stream.WriteAsync(bytes.AsMemory(offset, piece));
            offset += piece;
        }
    }
}
