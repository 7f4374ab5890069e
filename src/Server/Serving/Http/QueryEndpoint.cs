using System.Text.Json;
using Engine.Query;
using Engine.Query.Language;
using Engine.Query.Output;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Serving.Http;

/// <summary>
/// <c>GET|POST /query?q=&amp;epoch=</c> as InfluxDB 1.x answers it: 200 with per-statement results
/// (a failed statement carries its own <c>error</c>), 400 with a top-level <c>error</c> when the
/// query does not parse or a parameter is bad. <c>q</c> may also come in a form body, as the
/// <c>influx</c> shell and client libraries send it. <c>db</c> is accepted and ignored.
/// </summary>
internal sealed class QueryEndpoint(QueryEngine engine)
{
    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var form = request.HasFormContentType ? await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false) : null;
        var text = request.Query["q"].ToString();
        if (text.Length == 0 && form is not null)
        {
            text = form["q"].ToString();
        }

        if (text.Length == 0)
        {
            await AnswerAsync(http, StatusCodes.Status400BadRequest, json => InfluxJsonWriter.WriteError(json, "missing required parameter \"q\"")).ConfigureAwait(false);
            return;
        }

        EpochFormat epoch;
        try
        {
            epoch = EpochFormat.Parse(request.Query["epoch"].ToString() is { Length: > 0 } e ? e : form?["epoch"].ToString());
        }
        catch (FormatException e)
        {
            await AnswerAsync(http, StatusCodes.Status400BadRequest, json => InfluxJsonWriter.WriteError(json, e.Message)).ConfigureAwait(false);
            return;
        }

        try
        {
            // Kestrel runs this on a thread-pool thread already: handing the query to another one
            // would only add a wake-up to every request.
            var results = engine.Execute(text, http.RequestAborted);
            await AnswerAsync(http, StatusCodes.Status200OK, json => InfluxJsonWriter.Write(json, results, epoch)).ConfigureAwait(false);
        }
        catch (QueryException e)
        {
            await AnswerAsync(http, StatusCodes.Status400BadRequest, json => InfluxJsonWriter.WriteError(json, $"error parsing query: {e.Message}")).ConfigureAwait(false);
        }
    }

    private static async Task AnswerAsync(HttpContext http, int status, Action<Utf8JsonWriter> write)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await using (var json = new Utf8JsonWriter(http.Response.BodyWriter, InfluxJsonWriter.Options()))
        {
            write(json);
        }

        await http.Response.BodyWriter.FlushAsync(http.RequestAborted).ConfigureAwait(false);
    }
}
