using System.Text;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Ingest.Tests.Writing;

public sealed class LineProtocolIngestorTests
{
    private static readonly EngineOptions Quiet = new() { Storage = new StorageOptions { BackgroundJobs = false } };

    [Fact]
    public void Good_lines_around_bad_ones_are_written_and_the_bad_ones_reported()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, Quiet);
        var body = "cpu,host=a usage=1 1000\n" +
                   "cpu,host=a usage= 2000\n" +
                   "cpu,host=b usage=2,idle=3i 1000\n" +
                   "cpu,host=a usage=1i 3000\n" +
                   "# comment\n" +
                   "cpu,host=a usage=4 4000";
        var result = db.WriteLineProtocol(Encoding.UTF8.GetBytes(body), durable: true);

        Assert.Equal(3, result.PointsAccepted);
        Assert.Equal(4, result.SamplesAccepted);
        Assert.Equal(2, result.LinesRejected);
        Assert.Equal(2, result.Errors[0].LineNumber);
        Assert.Equal(4, result.Errors[1].LineNumber);
        Assert.Equal(12, result.Errors[1].Column);
        Assert.Contains("field type conflict", result.Errors[1].Message, StringComparison.Ordinal);

        var a = db.ReadPoints(new ReadRequest("cpu") { TagFilter = [new("host", "a")] }).Select(p => (p.TimestampNs, p.Value)).ToList();
        Assert.Equal([(1000L, FieldValue.Float(1)), (4000L, FieldValue.Float(4))], a);
        var b = db.ReadPoints(new ReadRequest("cpu") { TagFilter = [new("host", "b")] }).Select(p => (p.Series.FieldKey, p.Value)).ToList();
        Assert.Equal([("usage", FieldValue.Float(2)), ("idle", FieldValue.Integer(3))], b);
    }

    [Fact]
    public void Tag_order_and_escaping_do_not_create_new_series()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, Quiet);
        var body = "m,b=2,a=1 v=1 1\nm,a=1,b=2 v=2 2\nm,a\\=x=1 v=3 3\nm,a\\=x=1 v=4 4\n";
        var result = db.WriteLineProtocol(Encoding.UTF8.GetBytes(body));
        Assert.False(result.HasErrors);
        var series = db.Series("m");
        Assert.Equal(2, series.Count);
        Assert.Equal([new("a", "1"), new("b", "2")], series[0].Tags);
        Assert.Equal([new("a=x", "1")], series[1].Tags);
    }

    [Fact]
    public void Input_split_at_any_byte_is_written_the_same()
    {
        using var folder = new TempFolder();
        using var db = EmbeddedEngine.Open(folder.Path, Quiet);
        var body = Encoding.UTF8.GetBytes("cpu,host=a usage=1 1\ncpu,host=a usage=2 2\ncpu,host=a s=\"x\ny\" 3\n");
        for (var split = 0; split <= body.Length; split++)
        {
            var ingestor = new Ingest.Writing.LineProtocolIngestor(db.Storage);
            var consumed = ingestor.Ingest(body.AsSpan(0, split));
            ingestor.Ingest(body.AsSpan(consumed), isFinalBlock: true);
            var result = ingestor.Complete();
            Assert.Equal(3, result.PointsAccepted);
            Assert.False(result.HasErrors);
        }

        Assert.Equal(["s", "usage"], db.FieldKeys("cpu").Select(f => f.Key));
        Assert.Equal("x\ny", db.ReadPoints(new ReadRequest("cpu") { Field = "s" }).Single().Value.AsString);
    }
}
