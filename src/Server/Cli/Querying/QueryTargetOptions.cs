using System.CommandLine;

namespace Engine.Server.Cli.Querying;

/// <summary>The options `engine query` and `engine repl` share: where to query and how to print.</summary>
internal sealed class QueryTargetOptions
{
    public Option<string> Data { get; } = CliOptions.Data();

    public Option<string?> Host { get; } = new("--host", "-H")
    {
        Description = "URL of a running server (e.g. http://127.0.0.1:8086) instead of a data folder",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "token for a server that requires one",
    };

    public Option<ResultFormat> Format { get; } = new("--format", "-f")
    {
        Description = "table, json or csv",
        DefaultValueFactory = _ => ResultFormat.Table,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Host);
        command.Options.Add(Token);
        command.Options.Add(Format);
    }

    /// <summary>A server when --host is given, otherwise the data folder opened read-only.</summary>
    public IQueryTarget Open(ParseResult parse) =>
        parse.GetValue(Host) is { } host
            ? new RemoteQueryTarget(host, parse.GetValue(Token))
            : new LocalQueryTarget(parse.GetValue(Data)!);
}
