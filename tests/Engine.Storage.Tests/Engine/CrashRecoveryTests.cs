using System.Diagnostics;
using Engine.Storage.CrashWriter;

namespace Engine.Storage.Tests.Engine;

/// <summary>
/// Kills a real writer process with SIGKILL at random moments and checks that every batch it
/// acknowledged (commit-before-ack) is present and intact after reopening: CONSISTENT, or a
/// LOUD failure naming the missing batch; a wrong value is SILENT corruption and fails too.
/// </summary>
public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9()
    {
        using var folder = new TempFolder();
        var random = new Random(20261123);
        for (var round = 0; round < 3; round++)
        {
            var killAfter = random.Next(5, 400);
            var lastAck = await RunWriterAndKill(folder.Path, killAfter);
            Assert.True(lastAck >= killAfter, $"writer stopped before the kill point ({lastAck} < {killAfter})");
            Verify(folder.Path, lastAck);
        }
    }

    private static async Task<long> RunWriterAndKill(string dataDirectory, int killAfterAcks)
    {
        var writer = Path.Combine(AppContext.BaseDirectory, "Engine.Storage.CrashWriter.dll");
        var start = new ProcessStartInfo("dotnet", [writer, dataDirectory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        long lastAck = -1;
        var killed = false;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                lastAck = long.Parse(line.AsSpan(4), System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!killed && lastAck >= killAfterAcks)
            {
                process.Kill(); // SIGKILL: no flush, no dispose
                killed = true;
            }
        }

        await process.WaitForExitAsync();
        Assert.True(killed, $"writer exited by itself: {await stderr}");
        return lastAck; // every "ack" read was printed after its batch was durable
    }

    private static void Verify(string dataDirectory, long lastAck)
    {
        using var storage = StorageEngine.Open(dataDirectory, new StorageOptions { BackgroundJobs = false });
        Assert.Empty(storage.OpenProblems);
        for (var s = 0; s < CrashWorkload.SeriesCount; s++)
        {
            var request = new ReadRequest("crash") { TagFilter = [new("series", $"s{s:D2}")], Field = "value" };
            var stored = storage.Read(request)
                .SelectMany(r => Enumerable.Range(0, r.Block.Count).Select(i => (r.Block.Timestamps[i], r.Block.ValueAt(i).AsFloat)))
                .ToDictionary(p => p.Item1, p => p.AsFloat);
            for (long batch = 0; batch <= lastAck; batch++)
            {
                Assert.True(stored.TryGetValue(CrashWorkload.TimeOf(batch), out var value),
                    $"LOUD_FAILURE: acknowledged batch {batch} of series s{s:D2} is missing (last ack {lastAck})");
                Assert.True(value == CrashWorkload.ValueOf(batch, s), $"SILENT_CORRUPTION: batch {batch} series s{s:D2} reads {value}");
            }

            foreach (var (time, value) in stored)
            {
                var batch = (time - CrashWorkload.Start) / (CrashWorkload.TimeOf(1) - CrashWorkload.TimeOf(0));
                Assert.True(value == CrashWorkload.ValueOf(batch, s), $"SILENT_CORRUPTION: unacknowledged batch {batch} reads {value}");
            }
        }
    }
}
