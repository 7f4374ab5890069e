using System.Net;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class CrashTests
{
    private const int Requests = 20;
    private const int PointsPerRequest = 500;

    [Fact]
    public async Task Every_point_acknowledged_with_204_is_there_after_kill_9_and_restart()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var expected = new List<string>();
        await using (var server = await ServerProcess.StartAsync(data))
        {
            for (var r = 0; r < Requests; r++)
            {
                var body = new StringBuilder();
                for (var i = 0; i < PointsPerRequest; i++)
                {
                    var line = $"crash,req=r{r} v={i}i {i + 1}";
                    body.Append(line).Append('\n');
                    expected.Add(line);
                }

                var response = await server.Http.PostAsync("/write", new StringContent(body.ToString()));
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            }

            await server.KillHardAsync(); // right after the last 204: only the WAL has these points
        }

        await using (var restarted = await ServerProcess.StartAsync(data))
        {
            Assert.Equal(Requests * PointsPerRequest, await ServingProbe.MetricAsync(restarted, "engine_samples_stored"));
            Assert.Equal(0, await restarted.StopAsync());
        }

        Assert.Equal(expected.Order(StringComparer.Ordinal), await StoredPoints.ExportAsync(data));
    }
}
