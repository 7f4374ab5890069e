using System.CommandLine;
using Engine.Ingest.LineProtocol;

namespace Engine.Server.Cli;

/// <summary>Options shared by several commands, defined once so that they read the same everywhere.</summary>
internal static class CliOptions
{
    public const string DefaultDataFolder = "data";

    public static Option<string> Data() => new("--data", "-d")
    {
        Description = "data folder",
        DefaultValueFactory = _ => DefaultDataFolder,
    };

    public static Option<TimestampPrecision> Precision() => new("--precision", "-p")
    {
        Description = "unit of timestamps in the input: ns, us, ms or s",
        DefaultValueFactory = _ => TimestampPrecision.Nanoseconds,
        CustomParser = result => ParsePrecision(result.Tokens.Single().Value) ?? throw new FormatException(),
    };

    public static Option<OutputFormat> Format() => new("--format", "-f")
    {
        Description = "table or json",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public static TimestampPrecision? ParsePrecision(string text) => text.ToLowerInvariant() switch
    {
        "ns" or "n" => TimestampPrecision.Nanoseconds,
        "us" or "u" or "µs" => TimestampPrecision.Microseconds,
        "ms" => TimestampPrecision.Milliseconds,
        "s" => TimestampPrecision.Seconds,
        _ => null,
    };
}

internal enum OutputFormat
{
    Table,
    Json,
}
