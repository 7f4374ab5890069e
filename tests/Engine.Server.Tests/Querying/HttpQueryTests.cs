using System.Net;
using System.Text.Json;
using Engine.Server.Tests.Serving;

namespace Engine.Server.Tests.Querying;

/// <summary>/query against a real server: InfluxDB 1.x JSON, epochs, several statements, errors.</summary>
public sealed class HttpQueryTests
{
    private const string Points = """
        cpu,host=a,region=east usage=10,idle=90i 60
        cpu,host=a,region=east usage=20,idle=80i 120
        cpu,host=b,region=west usage=30,idle=70i 60
        cpu,host=b,region=west usage=50 180
        mem,host=a free=1.5,state="ok" 60
        """;

    [Fact]
    public async Task Query_answers_in_influxdb_json_with_per_statement_errors()
    {
        using var folder = new TempFolder();
        await using var server = await ServerProcess.StartAsync(folder.File("data"));
        var write = await server.Http.PostAsync("/write?precision=s", new StringContent(Points));
        Assert.Equal(HttpStatusCode.NoContent, write.StatusCode);

        var grouped = await QueryAsync(server, "SELECT mean(usage), max(idle) FROM cpu WHERE time >= 0s AND time < 240s GROUP BY time(1m), host FILL(none)", "s");
        Assert.Equal(
            """{"results":[{"statement_id":0,"series":[{"name":"cpu","tags":{"host":"a"},"columns":["time","mean","max"],"values":[[60,10,90],[120,20,80]]},{"name":"cpu","tags":{"host":"b"},"columns":["time","mean","max"],"values":[[60,30,70],[180,50,null]]}]}]}""",
            grouped);

        var rfc3339 = await QueryAsync(server, "SELECT usage FROM cpu WHERE host = 'b'", epoch: null);
        Assert.Contains("""["1970-01-01T00:01:00Z",30]""", rfc3339, StringComparison.Ordinal);
        Assert.Contains("""["1970-01-01T00:03:00Z",50]""", rfc3339, StringComparison.Ordinal);

        var several = await QueryAsync(server, "SHOW MEASUREMENTS; SELECT mean(nope) FROM cpu;\nSELECT mean(state) FROM mem", "ns");
        using var document = JsonDocument.Parse(several);
        var results = document.RootElement.GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        Assert.Equal("""[["cpu"],["mem"]]""", results[0].GetProperty("series")[0].GetProperty("values").GetRawText());
        Assert.False(results[1].TryGetProperty("series", out _));
        Assert.False(results[1].TryGetProperty("error", out _));
        Assert.Equal("error at 2:8: mean() cannot be applied to string field \"state\"", results[2].GetProperty("error").GetString());

        var parseError = await server.Http.GetAsync(new Uri("/query?q=" + Uri.EscapeDataString("SELECT mean(usage) FROM cpu GROUP BY time()"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, parseError.StatusCode);
        Assert.Equal(
            """{"error":"error parsing query: error at 1:43: expected duration after time(, found ')'"}""",
            await parseError.Content.ReadAsStringAsync());

        var form = await server.Http.PostAsync("/query", new FormUrlEncodedContent([KeyValuePair.Create("q", "SHOW DATABASES"), KeyValuePair.Create("db", "x")]));
        Assert.Equal("""{"results":[{"statement_id":0,"series":[{"name":"databases","columns":["name"],"values":[["engine"]]}]}]}""", await form.Content.ReadAsStringAsync());
        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task<string> QueryAsync(ServerProcess server, string query, string? epoch)
    {
        var uri = "/query?db=engine&q=" + Uri.EscapeDataString(query) + (epoch is null ? string.Empty : "&epoch=" + epoch);
        var response = await server.Http.GetAsync(new Uri(uri, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return body;
    }
}
