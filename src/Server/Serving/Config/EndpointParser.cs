using System.Net;

namespace Engine.Server.Serving.Config;

/// <summary>Reads <c>HOST:PORT</c> as a listening address: an IPv4 or bracketed IPv6 address, or <c>localhost</c>.</summary>
internal static class EndpointParser
{
    public static IPEndPoint Parse(string text, string source)
    {
        var candidate = text.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase)
            ? "127.0.0.1" + text["localhost".Length..]
            : text;
        // IPEndPoint.TryParse accepts a missing port as port 0; a listener needs it spelled out.
        if (!IPEndPoint.TryParse(candidate, out var endpoint) || !HasPort(candidate))
        {
            throw new ServeConfigException($"{source}: '{text}' is not HOST:PORT (for example 127.0.0.1:9009 or [::1]:9009)");
        }

        return endpoint;
    }

    private static bool HasPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && colon > text.LastIndexOf(']') && text.AsSpan(colon + 1).Length > 0;
    }
}
