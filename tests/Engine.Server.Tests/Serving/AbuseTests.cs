using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class AbuseTests
{
    private const int GoodPoints = 1_000;

    [Fact]
    public async Task Garbage_cut_lines_resets_and_over_long_lines_do_not_stop_a_well_behaved_client()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var config = folder.File("serve.json");
        await File.WriteAllTextAsync(config, """{ "maxLineBytes": 1024 }""");
        await using var server = await ServerProcess.StartAsync(data, "--config", config);

        await Task.WhenAll(
            SendAndCloseAsync(server, RandomBytes(seed: 1, count: 256 << 10)),
            SendAndCloseAsync(server, Encoding.UTF8.GetBytes("cut,host=a v=12")), // closed mid-line
            SendAndResetAsync(server, Encoding.UTF8.GetBytes("reset v=1 1\nreset v=")),
            // 1 MiB without a newline against a 1 KiB limit: skipped without buffering it, then the next line is read.
            SendAndCloseAsync(server, [.. Enumerable.Repeat((byte)'x', 1 << 20), .. "\nlong_ok v=1 1\n"u8]),
            SendAndCloseAsync(server, GoodLines()));

        await ServingProbe.WaitForMetricAsync(server, "engine_tcp_connections_total", 5);
        var ping = await server.Http.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.NoContent, ping.StatusCode);
        Assert.True(ping.Headers.Contains("X-Influxdb-Version"));
        Assert.True(ping.Headers.Contains("X-Influxdb-Build"));
        var health = await server.Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("\"status\":\"pass\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(0, await server.StopAsync());
        var stored = await StoredPoints.ExportAsync(data);
        Assert.Equal(Enumerable.Range(1, GoodPoints).Select(i => $"good,n=x v={i}i {i}").Order(StringComparer.Ordinal),
            stored.Where(line => line.StartsWith("good,", StringComparison.Ordinal)));
        Assert.Contains("long_ok v=1 1", stored);
        Assert.DoesNotContain(stored, line => line.StartsWith("cut", StringComparison.Ordinal));
        // A reset may drop bytes still unread in the socket (the kernel's choice); a cut line is never stored.
        Assert.All(stored.Where(line => line.StartsWith("reset", StringComparison.Ordinal)), line => Assert.Equal("reset v=1 1", line));
        Assert.Contains("longer than the maximum of 1024 bytes", server.Errors, StringComparison.Ordinal);
        Assert.Contains("connection closed mid-line", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_hundred_idle_connections_and_a_byte_by_byte_writer_do_not_stop_a_well_behaved_client()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 500; i++)
            {
                var client = new TcpClient();
                idle.Add(client);
                await client.ConnectAsync(server.Tcp);
            }

            using var slow = new TcpClient { NoDelay = true };
            await slow.ConnectAsync(server.Tcp);
            var slowStream = slow.GetStream();
            foreach (var b in "slow,host=s v=42i 7\n"u8.ToArray())
            {
                await slowStream.WriteAsync(new[] { b });
                await slowStream.FlushAsync();
            }

            await SendAndCloseAsync(server, GoodLines());
            await ServingProbe.WaitForMetricAsync(server, "engine_points_accepted_total{protocol=\"tcp\"}", GoodPoints + 1);
            Assert.True(await ServingProbe.MetricAsync(server, "engine_tcp_connections_open") >= 501);
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }

        Assert.Equal(0, await server.StopAsync());
        var stored = await StoredPoints.ExportAsync(data);
        Assert.Equal(GoodPoints, stored.Count(line => line.StartsWith("good,", StringComparison.Ordinal)));
        Assert.Contains("slow,host=s v=42i 7", stored);
    }

    [Fact]
    public async Task A_50_MiB_line_is_skipped_at_the_default_limit_and_the_next_line_is_kept()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);
        await SendAndCloseAsync(server, [.. Enumerable.Repeat((byte)'x', 50 << 20), .. "\nafter_long v=1 1\n"u8]);
        await ServingProbe.WaitForMetricAsync(server, "engine_points_accepted_total{protocol=\"tcp\"}", 1);

        Assert.Equal(0, await server.StopAsync());
        Assert.Contains("after_long v=1 1", await StoredPoints.ExportAsync(data));
        Assert.Contains("longer than the maximum of 1048576 bytes", server.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_report_ingest_connections_storage_and_process_figures()
    {
        using var folder = new TempFolder();
        await using var server = await ServerProcess.StartAsync(folder.File("data"));
        Assert.Equal(HttpStatusCode.BadRequest, (await server.Http.PostAsync("/write", new StringContent("m v=1 1\nm v=x 2\n"))).StatusCode);
        await SendAndCloseAsync(server, "t v=1 1\nt v=2 2\nbad\n"u8.ToArray());
        await ServingProbe.WaitForMetricAsync(server, "engine_lines_rejected_total{protocol=\"tcp\"}", 1);

        var metrics = await server.Http.GetAsync("/metrics");
        Assert.StartsWith("text/plain; version=0.0.4", metrics.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await ServingProbe.MetricAsync(server, "engine_points_accepted_total{protocol=\"http\"}"));
        Assert.Equal(1, await ServingProbe.MetricAsync(server, "engine_lines_rejected_total{protocol=\"http\"}"));
        Assert.Equal(2, await ServingProbe.MetricAsync(server, "engine_points_accepted_total{protocol=\"tcp\"}"));
        Assert.Equal(20, await ServingProbe.MetricAsync(server, "engine_bytes_received_total{protocol=\"tcp\"}"));
        Assert.Equal(2, await ServingProbe.MetricAsync(server, "engine_series"));
        Assert.Equal(3, await ServingProbe.MetricAsync(server, "engine_samples_stored"));
        Assert.Equal(3, await ServingProbe.MetricAsync(server, "engine_head_samples"));
        Assert.Equal(1, await ServingProbe.MetricAsync(server, "engine_wal_commit_wait_seconds_count"));
        Assert.Equal(1, await ServingProbe.MetricAsync(server, "engine_wal_commit_wait_seconds_bucket{le=\"+Inf\"}"));
        var perShard = 0.0;
        for (var shard = 0; shard < 16; shard++)
        {
            perShard += await ServingProbe.MetricAsync(server, $"engine_shard_samples_written_total{{shard=\"{shard}\"}}");
        }

        Assert.Equal(3, perShard);
        foreach (var name in new[] { "engine_tcp_connections_open", "engine_segment_bytes", "process_cpu_seconds_total", "dotnet_gc_heap_bytes" })
        {
            Assert.True(await ServingProbe.MetricAsync(server, name) >= 0, name);
        }
    }

    private static byte[] GoodLines() =>
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(1, GoodPoints).Select(i => $"good,n=x v={i}i {i}\n")));

    private static byte[] RandomBytes(int seed, int count)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task SendAndCloseAsync(ServerProcess server, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp);
        await client.GetStream().WriteAsync(bytes);
    }

    /// <summary>Ends with a TCP reset instead of an orderly close.</summary>
    private static async Task SendAndResetAsync(ServerProcess server, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Tcp);
        await client.GetStream().WriteAsync(bytes);
        client.LingerState = new LingerOption(true, 0);
    }
}
