using System.Net;
using System.Net.Http.Headers;
using Engine.Server.Cli;
using Engine.Server.Serving.Config;

namespace Engine.Server.Tests.Serving;

public sealed class AuthenticationTests
{
    [Fact]
    public async Task With_a_token_writes_need_it_and_ping_and_health_do_not()
    {
        using var folder = new TempFolder();
        await using var server = await ServerProcess.StartAsync(folder.File("data"), "--token", "s3cret");

        using var anonymous = await server.Http.PostAsync("/write", new StringContent("m v=1 1\n"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("authorization failed", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var scheme in new[] { "Token", "Bearer" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/write") { Content = new StringContent("m v=1 1\n") };
            request.Headers.Authorization = new AuthenticationHeaderValue(scheme, "s3cret");
            using var response = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Token", "s3creT");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Http.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.GetAsync("/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Http.GetAsync("/health")).StatusCode);
    }

    [Theory]
    [InlineData("0.0.0.0:8086", "127.0.0.1:9009", null, false, "refusing to serve HTTP on 0.0.0.0:8086 without a token")]
    [InlineData("127.0.0.1:8086", "0.0.0.0:9009", "t", false, "refusing to serve line protocol over TCP on 0.0.0.0:9009")]
    [InlineData("0.0.0.0:8086", "127.0.0.1:9009", "t", false, null)]
    [InlineData("0.0.0.0:8086", "0.0.0.0:9009", null, true, null)]
    [InlineData("[::1]:8086", "127.0.0.1:9009", null, false, null)]
    public void Non_loopback_addresses_need_a_token_or_insecure(string http, string tcp, string? token, bool insecure, string? error)
    {
        var options = ServeCommand.Resolve(null, null, tcp, http, token, insecure);
        if (error is null)
        {
            BindingPolicy.Check(options);
        }
        else
        {
            Assert.Contains(error, Assert.Throws<ServeConfigException>(() => BindingPolicy.Check(options)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_refuses_a_public_address_without_a_token()
    {
        var result = await EngineProcess.RunAsync(["serve", "--data", Path.GetTempPath(), "--http", "0.0.0.0:0"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("without a token", result.Error, StringComparison.Ordinal);
    }
}
