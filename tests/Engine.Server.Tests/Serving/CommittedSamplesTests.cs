using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class CommittedSamplesTests
{
    [Fact]
    public async Task Committed_samples_catch_up_with_what_tcp_and_http_accepted_and_survive_a_hard_kill()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Tcp);
            var lines = string.Concat(Enumerable.Range(1, 1_000).Select(i => $"t,src=tcp a={i},b={i}i {i}\n"));
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(lines));
        }

        using var body = new StringContent("h,src=http a=1,b=2i,c=true 1\n");
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.PostAsync("/write", body)).StatusCode);

        // The counter says these samples are in the committed WAL, so they must outlive SIGKILL.
        await ServingProbe.WaitForMetricAsync(server, "engine_samples_committed_total", 2_003);
        Assert.Equal(2_003, await ServingProbe.MetricAsync(server, "engine_samples_committed_total"));
        await server.KillHardAsync();

        var stored = await StoredPoints.ExportAsync(data);
        Assert.Equal(1_001, stored.Count);
    }
}
