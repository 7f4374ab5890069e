using System.Net;

namespace Engine.LoadTool;

/// <summary>
/// Posts batches of lines to an InfluxDB-style write URL from a number of concurrent requests; every
/// answer must be 204 (for Engine: the batch is committed to the WAL before the answer).
/// </summary>
internal static class HttpLoad
{
    public static Task SendAsync(HttpClient http, Uri writeUrl, IReadOnlyList<ReadOnlyMemory<byte>> batches, int concurrency, CancellationToken cancellation)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < batches.Count; i = Interlocked.Increment(ref next))
            {
                await PostAsync(http, writeUrl, batches[i], cancellation).ConfigureAwait(false);
            }
        }, cancellation)));
    }

    private static async Task PostAsync(HttpClient http, Uri writeUrl, ReadOnlyMemory<byte> batch, CancellationToken cancellation)
    {
        using var content = new ReadOnlyMemoryContent(batch);
        using var response = await http.PostAsync(writeUrl, content, cancellation).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            throw new InvalidOperationException($"POST {writeUrl}: {(int)response.StatusCode} {body}");
        }
    }
}
