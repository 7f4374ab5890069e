using System.Text;
using System.Text.Json;
using Engine.Query.Execution;
using Engine.Query.Output;

namespace Engine.Query.Tests.Output;

public sealed class InfluxJsonMessagesTests
{
    [Fact]
    public void Messages_are_written_per_statement_as_influxdb_does_and_read_back()
    {
        var series = new ResultSeries("cpu", [], ["time", "percentile"], [[0L, 70.1]]);
        StatementResult[] results =
        [
            new(0, [series]) { Messages = [new StatementMessage("info", "from sketches")] },
            new(1, [series]),
        ];
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, InfluxJsonWriter.Options()))
        {
            InfluxJsonWriter.Write(json, results, EpochFormat.Parse("ns"));
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.Equal(
            """{"results":[{"statement_id":0,"series":[{"name":"cpu","columns":["time","percentile"],"values":[[0,70.1]]}],"messages":[{"level":"info","text":"from sketches"}]},{"statement_id":1,"series":[{"name":"cpu","columns":["time","percentile"],"values":[[0,70.1]]}]}]}""",
            text);
        var (read, error) = InfluxJsonReader.Read(text);
        Assert.Null(error);
        Assert.Equal([new StatementMessage("info", "from sketches")], read[0].Messages);
        Assert.Empty(read[1].Messages);
    }
}
