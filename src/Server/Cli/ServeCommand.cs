using System.CommandLine;
using System.Net.Sockets;
using Engine.Server.Serving;
using Engine.Server.Serving.Config;

namespace Engine.Server.Cli;

/// <summary>
/// <c>engine serve</c>: line protocol over TCP and the HTTP API on one data folder. Settings come from
/// defaults, then <c>--config FILE</c>, then the flags given on the command line.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        // No default values here: a flag that was not given must not override the config file.
        var data = new Option<string?>("--data", "-d") { Description = $"data folder (default {CliOptions.DefaultDataFolder})" };
        var tcp = new Option<string?>("--tcp") { Description = "TCP line protocol listener, HOST:PORT (default 127.0.0.1:9009; port 0 picks one)" };
        var http = new Option<string?>("--http") { Description = "HTTP listener, HOST:PORT (default 127.0.0.1:8086; port 0 picks one)" };
        var config = new Option<string?>("--config", "-c") { Description = "JSON config file; flags override it" };
        var token = new Option<string?>("--token") { Description = "secret HTTP clients must send as 'Authorization: Token …' or 'Bearer …'" };
        var insecure = new Option<bool>("--insecure") { Description = "allow non-loopback addresses without protection" };
        var command = new Command("serve", "Serve line protocol over TCP and HTTP (/write, /ping, /health, /metrics)") { data, tcp, http, config, token, insecure };
        command.SetAction(parse => Run(parse.GetValue(config), parse.GetValue(data), parse.GetValue(tcp), parse.GetValue(http),
            parse.GetValue(token), parse.GetValue(insecure)));
        return command;
    }

    private static int Run(string? configFile, string? data, string? tcp, string? http, string? token, bool insecure)
    {
        ServeOptions options;
        try
        {
            options = Resolve(configFile, data, tcp, http, token, insecure);
            BindingPolicy.Check(options);
        }
        catch (ServeConfigException e)
        {
            Console.Error.WriteLine($"engine: {e.Message}");
            return 2;
        }

        try
        {
            // Synchronous on purpose: an async action would have System.CommandLine handle the
            // signals itself, and ServeHost must decide what the first and the second signal do.
            return ServeHost.RunAsync(options, Console.Out, Console.Error).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SocketException || (e is IOException && e.InnerException is SocketException or IOException))
        {
            Console.Error.WriteLine($"engine: cannot listen: {e.Message}");
            return 2;
        }
    }

    internal static ServeOptions Resolve(string? configFile, string? data, string? tcp, string? http,
        string? token = null, bool insecure = false)
    {
        var options = new ServeOptions();
        if (configFile is not null)
        {
            options = ServeConfigFile.Load(configFile, options);
        }

        if (data is not null)
        {
            options = options with { DataFolder = data };
        }

        if (tcp is not null)
        {
            options = options with { TcpEndpoint = EndpointParser.Parse(tcp, "--tcp") };
        }

        if (http is not null)
        {
            options = options with { HttpEndpoint = EndpointParser.Parse(http, "--http") };
        }

        if (token is not null)
        {
            options = options with { Token = token.Length > 0 ? token : throw new ServeConfigException("--token: expected a non-empty secret") };
        }

        return insecure ? options with { Insecure = true } : options;
    }
}
