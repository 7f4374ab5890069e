using System.IO.Compression;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Engine.Ingest.LineProtocol;
using Engine.Ingest.Writing;
using Engine.Server.Cli;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Serving.Http;

/// <summary>
/// <c>POST /write</c> and <c>POST /api/v2/write</c> with InfluxDB semantics: the body is streamed
/// through an ingestor (never read whole), good lines are written even when others are bad, and the
/// answer comes only once every accepted point is committed to the WAL: 204 when all lines were
/// good, 400 "partial write" naming the bad lines otherwise, 413 above the body limit.
/// <c>db</c>, <c>org</c> and <c>bucket</c> are accepted and ignored: a data folder is one database.
/// </summary>
internal sealed class WriteEndpoint(IngestorPool pool, ServerMetrics metrics, long maxBodyBytes)
{
    /// <summary>Rejected lines named in a 400 answer; the rest are counted.</summary>
    private const int ErrorsNamed = 10;

    // Error text quotes field names and values; relaxed escaping keeps them readable as '"' rather than \u0022.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext http)
    {
        metrics.CountWriteRequest();
        var request = http.Request;
        var precisionText = request.Query["precision"].ToString();
        var precision = precisionText.Length == 0 ? TimestampPrecision.Nanoseconds : CliOptions.ParsePrecision(precisionText);
        if (precision is null)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, $"invalid precision '{precisionText}': expected ns, u, ms or s").ConfigureAwait(false);
            return;
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, $"unsupported Content-Encoding '{encoding}': expected gzip or none").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength > maxBodyBytes)
        {
            await TooLargeAsync(http).ConfigureAwait(false);
            return;
        }

        var ingestor = pool.Rent(precision.Value);
        var outcome = BodyOutcome.Complete;
        try
        {
            outcome = gzip
                ? await IngestGzipAsync(request.Body, ingestor, http.RequestAborted).ConfigureAwait(false)
                : await IngestAsync(request.BodyReader, ingestor, http.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was parsed before a failure is written too: those lines were whole and good.
            var seen = default(IngestSnapshot);
            metrics.Http.AddSince(await ingestor.CompleteAsync().ConfigureAwait(false), ref seen);
        }

        try
        {
            await AnswerAsync(http, ingestor.Result, outcome).ConfigureAwait(false);
        }
        finally
        {
            pool.Return(precision.Value, ingestor);
        }
    }

    private async Task<BodyOutcome> IngestGzipAsync(Stream body, LineProtocolIngestor ingestor, CancellationToken aborted)
    {
        await using var inflated = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        var reader = PipeReader.Create(inflated, new StreamPipeReaderOptions(bufferSize: 64 << 10, leaveOpen: true));
        try
        {
            return await IngestAsync(reader, ingestor, aborted).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return BodyOutcome.CorruptGzip;
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Feeds the body to the ingestor; counts decompressed bytes against the limit too (a gzip bomb is 413).</summary>
    private async Task<BodyOutcome> IngestAsync(PipeReader reader, LineProtocolIngestor ingestor, CancellationToken aborted)
    {
        using var feeder = new SequenceFeeder();
        long carried = 0, total = 0;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(aborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                total += buffer.Length - carried;
                if (total > maxBodyBytes)
                {
                    reader.AdvanceTo(buffer.End);
                    return BodyOutcome.TooLarge;
                }

                var consumed = feeder.Feed(ingestor, buffer, result.IsCompleted);
                carried = buffer.Length - consumed;
                metrics.Http.AddBytes(buffer.Length - carried);
                if (result.IsCompleted)
                {
                    reader.AdvanceTo(buffer.End);
                    return BodyOutcome.Complete;
                }

                reader.AdvanceTo(buffer.GetPosition(consumed), buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyOutcome.TooLarge;
        }
    }

    private Task AnswerAsync(HttpContext http, IngestResult result, BodyOutcome outcome)
    {
        if (outcome == BodyOutcome.TooLarge)
        {
            return TooLargeAsync(http);
        }

        if (outcome == BodyOutcome.CorruptGzip)
        {
            return ErrorAsync(http, StatusCodes.Status400BadRequest, "body is not valid gzip");
        }

        if (!result.HasErrors)
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        var message = new StringBuilder("partial write: ");
        var named = Math.Min(result.Errors.Count, ErrorsNamed);
        for (var i = 0; i < named; i++)
        {
            message.Append(i > 0 ? "; " : "").Append(result.Errors[i]);
        }

        if (result.LinesRejected > named)
        {
            message.Append($"; and {result.LinesRejected - named} more lines rejected");
        }

        message.Append($" ({result.PointsAccepted} points written, {result.LinesRejected} lines rejected)");
        return ErrorAsync(http, StatusCodes.Status400BadRequest, message.ToString());
    }

    private Task TooLargeAsync(HttpContext http) =>
        ErrorAsync(http, StatusCodes.Status413PayloadTooLarge, $"request body is larger than the limit of {maxBodyBytes} bytes");

    internal static async Task ErrorAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["error"] = message }, s_json);
        await http.Response.Body.WriteAsync(json).ConfigureAwait(false);
    }

    private enum BodyOutcome
    {
        Complete,
        TooLarge,
        CorruptGzip,
    }
}
