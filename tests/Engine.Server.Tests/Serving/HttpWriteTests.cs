using System.IO.Compression;
using System.Net;
using System.Text;

namespace Engine.Server.Tests.Serving;

public sealed class HttpWriteTests
{
    [Fact]
    public async Task Write_keeps_the_good_lines_names_the_bad_ones_and_honours_gzip_precision_and_the_body_limit()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        var config = folder.File("serve.json");
        await File.WriteAllTextAsync(config, """{ "httpMaxBodyBytes": 4096 }""");
        await using var server = await ServerProcess.StartAsync(data, "--config", config);

        // Lines 2 (bad value), 4 (no field) and 5 (integer into a float series) are bad; 1 and 3 are good.
        var partial = await server.Http.PostAsync("/write?db=x&precision=s", Text("m v=1 1\nm v=oops 2\nm v=3 3\nm,host=a 4\nm v=5i 5\n"));
        Assert.Equal(HttpStatusCode.BadRequest, partial.StatusCode);
        var error = await partial.Content.ReadAsStringAsync();
        Assert.StartsWith("{\"error\":\"partial write: line 2, column 5: ", error, StringComparison.Ordinal);
        Assert.Contains("line 4, column", error, StringComparison.Ordinal);
        Assert.Contains("line 5, column 3", error, StringComparison.Ordinal);
        Assert.Contains("2 points written, 3 lines rejected", error, StringComparison.Ordinal);

        var gzipped = new ByteArrayContent(Gzip("g,host=a v=1 1000\ng,host=a v=2 2000\n"));
        gzipped.Headers.ContentEncoding.Add("gzip");
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.PostAsync("/write?db=x&precision=ms", gzipped)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.PostAsync("/api/v2/write?org=o&bucket=b&precision=us", Text("v2 v=1i 7"))).StatusCode);

        // Expect: 100-continue lets the server refuse before the body is sent; without it, the bytes the
        // server never reads can make the kernel reset the connection before the 413 is read.
        using var tooLargeRequest = new HttpRequestMessage(HttpMethod.Post, "/write") { Content = Text(string.Concat(Enumerable.Repeat("big v=1 1\n", 500))) };
        tooLargeRequest.Headers.ExpectContinue = true;
        var tooLarge = await server.Http.SendAsync(tooLargeRequest);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than the limit of 4096 bytes", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var badPrecision = await server.Http.PostAsync("/write?precision=h", Text("m v=1 1\n"));
        Assert.Equal(HttpStatusCode.BadRequest, badPrecision.StatusCode);

        Assert.Equal(0, await server.StopAsync());
        Assert.Equal(
            ["g,host=a v=1 1000000000", "g,host=a v=2 2000000000", "m v=1 1000000000", "m v=3 3000000000", "v2 v=1i 7000"],
            await StoredPoints.ExportAsync(data));
    }

    [Fact]
    public async Task A_write_larger_than_a_wal_page_is_written_whole_and_a_value_too_large_for_one_is_a_clear_400()
    {
        using var folder = new TempFolder();
        var data = folder.File("data");
        await using var server = await ServerProcess.StartAsync(data);

        // 3,000 lines of 1 KiB strings: about 3 MiB for one shard, against WAL pages of 1 MiB.
        var lines = Enumerable.Range(0, 3_000)
            .Select(i => $"log,host=h line=\"{i:D6}{new string((char)('a' + (i % 26)), 1_018)}\" {1_700_000_000 + i}")
            .ToList();
        var big = await server.Http.PostAsync("/write?precision=s", Text(string.Join('\n', lines) + "\n"));
        Assert.Equal(HttpStatusCode.NoContent, big.StatusCode);

        // One string of almost 1 MiB fits the line limit (1 MiB) but not a WAL entry: that line is
        // rejected with the limit named, and the good line beside it is written.
        var huge = await server.Http.PostAsync("/write?precision=s", Text($"ok v=1 1\nhuge s=\"{new string('x', (1 << 20) - 20)}\" 2\n"));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var error = await huge.Content.ReadAsStringAsync();
        Assert.Contains("partial write: line 2, column 6: string value of field 's' is 1048556 bytes, larger than the limit of", error, StringComparison.Ordinal);
        Assert.Contains("one WAL entry holds at most 1048564 bytes", error, StringComparison.Ordinal);
        Assert.Contains("1 points written, 1 lines rejected", error, StringComparison.Ordinal);

        Assert.Equal(0, await server.StopAsync());
        var expected = lines.Select(l => l + "000000000").Append("ok v=1 1000000000").Order(StringComparer.Ordinal);
        Assert.Equal(expected, await StoredPoints.ExportAsync(data));
    }

    private static ByteArrayContent Text(string body) => new(Encoding.UTF8.GetBytes(body));

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
