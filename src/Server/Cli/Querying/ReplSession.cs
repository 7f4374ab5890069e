using System.Diagnostics;
using System.Text;

namespace Engine.Server.Cli.Querying;

/// <summary>
/// The read-eval-print loop: statements may span lines and end with ';'; backslash commands
/// change settings. On a terminal it greets, prompts and keeps history; with redirected input it
/// prints only results, so scripts can pipe statements through it.
/// </summary>
internal sealed class ReplSession(IQueryTarget target, TextReader input, TextWriter output, bool interactive, ReplHistory history, ResultFormat format)
{
    private const string Prompt = "engine> ";
    private const string ContinuationPrompt = "     -> ";

    private readonly LineEditor _editor = new(history);
    private ResultFormat _format = format;
    private bool _timing;

    /// <summary>Runs until end of input or \q; the exit code is 1 if any statement failed.</summary>
    public int Run()
    {
        if (interactive)
        {
            output.WriteLine(Greeting());
        }

        var failed = false;
        var statement = new StringBuilder();
        while (ReadLine(statement.Length == 0 ? Prompt : ContinuationPrompt) is { } line)
        {
            var trimmed = line.Trim();
            if (statement.Length == 0 && trimmed.StartsWith('\\'))
            {
                if (!RunCommand(trimmed))
                {
                    break;
                }

                continue;
            }

            if (statement.Length == 0 && trimmed is "quit" or "exit")
            {
                break;
            }

            statement.AppendLine(line);
            if (trimmed.EndsWith(';'))
            {
                failed |= !Execute(statement.ToString());
                statement.Clear();
            }
        }

        if (statement.ToString().Trim().Length > 0)
        {
            failed |= !Execute(statement.ToString());
        }

        return failed ? 1 : 0;
    }

    public static string HelpText => """
        Statements end with ';' and may span several lines. For example:
          SHOW MEASUREMENTS;
          SHOW FIELD KEYS FROM cpu;
          SELECT mean(usage_user), p99(usage_user) FROM cpu WHERE time > now() - 1h GROUP BY time(5m), host;
        Commands:
          \timing          show the elapsed time of each query (toggle)
          \format FORMAT   print results as table, json or csv
          \help            this text
          \q               quit (also Ctrl+D, quit, exit)
        The language is described in docs/query-language.md.
        """;

    private string Greeting() =>
        $"Engine query shell, connected to {target.Description}.\n{HelpText}";

    private string? ReadLine(string prompt) => interactive ? _editor.ReadLine(prompt) : input.ReadLine();

    /// <summary>Runs a backslash command; false to quit.</summary>
    private bool RunCommand(string command)
    {
        var parts = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (parts[0])
        {
            case "\\q" or "\\quit":
                return false;
            case "\\timing":
                _timing = !_timing;
                output.WriteLine($"timing is {(_timing ? "on" : "off")}");
                break;
            case "\\format" when parts.Length == 2 && Enum.TryParse<ResultFormat>(parts[1], ignoreCase: true, out var format):
                _format = format;
                output.WriteLine($"format is {format.ToString().ToLowerInvariant()}");
                break;
            case "\\help" or "\\h" or "\\?":
                output.WriteLine(HelpText);
                break;
            default:
                output.WriteLine($"unknown command '{command}'; try \\help");
                break;
        }

        return true;
    }

    /// <summary>Runs one statement text; false if it or any of its statements failed.</summary>
    private bool Execute(string text)
    {
        history.Add(text);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var results = target.Execute(text);
            var elapsed = stopwatch.Elapsed;
            ResultPrinter.Print(output, results, _format);
            if (_timing)
            {
                output.WriteLine($"elapsed: {elapsed.TotalMilliseconds:F1} ms");
            }

            return results.All(r => r.Error is null);
        }
        catch (QueryFailedException e)
        {
            output.WriteLine(ErrorCaret.Render(text, e.Message));
            return false;
        }
    }
}
