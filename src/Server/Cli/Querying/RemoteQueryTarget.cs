using System.Net;
using Engine.Query.Execution;
using Engine.Query.Output;

namespace Engine.Server.Cli.Querying;

/// <summary>Queries a running server over HTTP /query, asking for nanosecond times so results print the same as local ones.</summary>
internal sealed class RemoteQueryTarget(string host, string? token) : IQueryTarget
{
    private readonly HttpClient _http = CreateClient(host, token);

    public string Description => $"server {host}";

    public IReadOnlyList<StatementResult> Execute(string text)
    {
        using var body = new FormUrlEncodedContent([KeyValuePair.Create("q", text), KeyValuePair.Create("epoch", "ns")]);
        HttpResponseMessage response;
        string json;
        try
        {
            response = _http.PostAsync(new Uri("query", UriKind.Relative), body).GetAwaiter().GetResult();
            json = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new QueryFailedException($"cannot reach {host}", e);
        }

        using (response)
        {
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest) || !json.StartsWith('{'))
            {
                throw new QueryFailedException($"{host} answered {(int)response.StatusCode} {response.ReasonPhrase}: {json.Trim()}");
            }

            var (results, error) = InfluxJsonReader.Read(json);
            return error is null ? results : throw new QueryFailedException(error);
        }
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateClient(string host, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.EndsWith('/') ? host : host + "/") };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", token);
        }

        return client;
    }
}
