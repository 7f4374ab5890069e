using System.Net;
using Engine.Ingest.LineProtocol;
using Engine.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Engine.Server.Serving.Http;

/// <summary>
/// The HTTP API on Kestrel, bound to the configured address only: /write, /api/v2/write, /query, /ping,
/// /health, /metrics. Built on the empty host (no config files, environment variables or logging
/// providers) so that nothing but <see cref="ServeOptions"/> decides how it behaves.
/// </summary>
internal sealed class HttpApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpApi(WebApplication app) => _app = app;

    /// <summary>The bound address as a URL, with the real port when port 0 was asked for; set by <see cref="StartAsync"/>.</summary>
    public string Address { get; private set; } = "";

    public static HttpApi Create(Config.ServeOptions options, StorageEngine storage, ServerMetrics metrics, CommittedSamples committed, LineProtocolOptions lineProtocol)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.HttpMaxBodyBytes;
            kestrel.Listen(options.HttpEndpoint);
        });
        builder.Services.AddRoutingCore();
        // Signals belong to ServeHost, which stops the listeners in order; the host must not react to them itself.
        builder.Services.AddSingleton<IHostLifetime, PassiveLifetime>();

        var app = builder.Build();
        var write = new WriteEndpoint(new IngestorPool(storage, lineProtocol), metrics, options.HttpMaxBodyBytes);
        var metricsEndpoint = new MetricsEndpoint(storage, metrics, committed);
        var query = new QueryEndpoint(new Query.QueryEngine(storage));
        app.Use((http, next) =>
        {
            http.Response.Headers[InfluxCompatibility.VersionHeader] = InfluxCompatibility.Version;
            http.Response.Headers[InfluxCompatibility.BuildHeader] = InfluxCompatibility.Build;
            return next(http);
        });
        if (options.Token is { } token)
        {
            app.Use(new TokenAuthentication(token).InvokeAsync);
        }

        app.MapPost("/write", write.HandleAsync);
        app.MapPost("/api/v2/write", write.HandleAsync);
        app.MapMethods("/query", ["GET", "POST"], query.HandleAsync);
        app.MapMethods("/ping", ["GET", "HEAD"], Ping);
        app.MapGet("/health", Health);
        app.MapGet("/metrics", metricsEndpoint.HandleAsync);
        return new HttpApi(app);
    }

    public async Task StartAsync()
    {
        await _app.StartAsync().ConfigureAwait(false);
        var addresses = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        Address = addresses?.Addresses.FirstOrDefault() ?? "";
    }

    /// <summary>Stops accepting and lets requests in flight finish (their points are durable before they answer).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _app.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static Task Ping(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static Task Health(HttpContext http)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(
            $"{{\"name\":\"engine\",\"status\":\"pass\",\"message\":\"ready for writes\",\"version\":\"{InfluxCompatibility.Version}\",\"checks\":[]}}",
            http.RequestAborted);
    }

    private sealed class PassiveLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
