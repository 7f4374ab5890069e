using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Engine.Server.Serving.Http;

/// <summary>
/// Checks <c>Authorization: Token SECRET</c> or <c>Bearer SECRET</c> (InfluxDB 2.x clients send the
/// first, most others the second) on every endpoint but /ping and /health, which load balancers
/// probe without credentials. Compares in constant time.
/// </summary>
internal sealed class TokenAuthentication(string token)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Path.StartsWithSegments("/ping") || http.Request.Path.StartsWithSegments("/health") || Authorized(http.Request))
        {
            return next(http);
        }

        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"error\":\"authorization failed: send Authorization: Token <token> or Bearer <token>\"}", http.RequestAborted);
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return false;
        }

        var scheme = header[..space];
        if (!scheme.Equals("Token", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[(space + 1)..].Trim()), _token);
    }
}
