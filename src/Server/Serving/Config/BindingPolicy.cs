using System.Net;

namespace Engine.Server.Serving.Config;

/// <summary>
/// Refuses to expose the server beyond this machine unprotected: a non-loopback HTTP address needs a
/// token, and a non-loopback TCP address (line protocol over TCP has no authentication) needs
/// <c>--insecure</c>; <c>--insecure</c> also allows HTTP without a token.
/// </summary>
internal static class BindingPolicy
{
    public static void Check(ServeOptions options)
    {
        if (options.Insecure)
        {
            return;
        }

        if (!IPAddress.IsLoopback(options.HttpEndpoint.Address) && options.Token is null)
        {
            throw new ServeConfigException(
                $"refusing to serve HTTP on {options.HttpEndpoint} without a token: give --token (or \"token\" in the config file), " +
                "or --insecure to allow it");
        }

        if (!IPAddress.IsLoopback(options.TcpEndpoint.Address))
        {
            throw new ServeConfigException(
                $"refusing to serve line protocol over TCP on {options.TcpEndpoint}: TCP has no authentication; " +
                "bind it to 127.0.0.1, or pass --insecure to allow it");
        }
    }
}
