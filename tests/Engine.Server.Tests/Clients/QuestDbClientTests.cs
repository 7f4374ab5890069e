using System.Globalization;
using Engine.Ingest;
using Engine.Server.Tests.Serving;
using Engine.Storage;

namespace Engine.Server.Tests.Clients;

/// <summary>
/// The QuestDB Node.js client (npm <c>@questdb/nodejs-client</c>, a third-party line-protocol writer)
/// sends points over TCP to a real server; each stored point must equal the one generated here.
/// </summary>
public sealed class QuestDbClientTests
{
    private const int Points = 100_000;
    private const long FirstTimestampNs = 1_700_000_000_123_456_789;

    [Fact]
    public async Task Every_point_sent_by_the_QuestDB_client_over_tcp_is_stored_exactly()
    {
        var client = await NodeClientFolder.FindAsync("questdb");
        using var folder = new TempFolder();
        var data = folder.File("data");
        var expected = Generate();
        var pointsFile = folder.File("points.tsv");
        await File.WriteAllLinesAsync(pointsFile, expected.Select(p => p.ToTabSeparated()));
        await using var server = await ServerProcess.StartAsync(data);

        var sent = await client.RunAsync("send-points.mjs", server.Tcp.ToString(), pointsFile);
        Assert.True(sent.ExitCode == 0, $"node send-points.mjs failed ({sent.ExitCode}): {sent.Error}");
        await ServingProbe.WaitForMetricAsync(server, "engine_points_accepted_total{protocol=\"tcp\"}", Points);
        Assert.Equal(0, await server.StopAsync());
        Assert.DoesNotContain("rejected", server.Errors, StringComparison.Ordinal);

        Assert.Equal(expected.Select(p => p.ToString()).Order(StringComparer.Ordinal), ReadBack(data).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Full-precision doubles, integers beyond 32 bits, both booleans, nanosecond timestamps that are
    /// not multiples of a microsecond, and tag values with the characters line protocol escapes.
    /// </summary>
    private static List<SensorPoint> Generate()
    {
        var random = new Random(20261123);
        return [.. Enumerable.Range(0, Points).Select(i => new SensorPoint(
            Host: $"host-{i % 40}",
            Rack: $"row {i % 3},slot=b{i % 5}",
            TimestampNs: FirstTimestampNs + (i * 1_000_003L),
            Temperature: (random.NextDouble() * 2000) - 1000,
            Count: random.NextInt64(-(1L << 50), 1L << 50),
            Ok: random.Next(2) == 1))];
    }

    /// <summary>Stored points in <see cref="SensorPoint.ToString"/> form, joined from the three field series.</summary>
    private static List<string> ReadBack(string data)
    {
        using var db = EmbeddedEngine.Open(data);
        var points = new Dictionary<(string Host, string Rack, long Time), StoredFields>();
        foreach (var (series, time, value) in db.ReadPoints(new ReadRequest("sensor")))
        {
            var tags = series.Tags.ToDictionary(t => t.Key, t => t.Value);
            var fields = points.TryGetValue((tags["host"], tags["rack"], time), out var found) ? found : new StoredFields();
            points[(tags["host"], tags["rack"], time)] = series.FieldKey switch
            {
                "temperature" => fields with { Temperature = value.AsFloat },
                "count" => fields with { Count = value.AsInteger },
                "ok" => fields with { Ok = value.AsBoolean },
                _ => throw new Xunit.Sdk.XunitException($"unexpected field {series.FieldKey} of type {value.Type}"),
            };
        }

        return [.. points.Select(p => p.Value.Complete(p.Key.Host, p.Key.Rack, p.Key.Time).ToString())];
    }

    private sealed record StoredFields(double? Temperature = null, long? Count = null, bool? Ok = null)
    {
        public SensorPoint Complete(string host, string rack, long time) =>
            Temperature is { } temperature && Count is { } count && Ok is { } ok
                ? new SensorPoint(host, rack, time, temperature, count, ok)
                : throw new Xunit.Sdk.XunitException($"point {host} {rack} {time} is missing a field: {this}");
    }

    private sealed record SensorPoint(string Host, string Rack, long TimestampNs, double Temperature, long Count, bool Ok)
    {
        public string ToTabSeparated() => string.Join('\t',
            Host, Rack, Invariant(TimestampNs), Temperature.ToString("R", CultureInfo.InvariantCulture), Invariant(Count), Ok ? "true" : "false");

        /// <summary>The tab-separated form plus the temperature's bits, so that equal text means identical doubles.</summary>
        public override string ToString() => $"{ToTabSeparated()}\t{BitConverter.DoubleToInt64Bits(Temperature):x16}";

        private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
