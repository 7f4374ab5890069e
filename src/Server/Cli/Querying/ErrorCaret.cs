using System.Text.RegularExpressions;

namespace Engine.Server.Cli.Querying;

/// <summary>Shows where a query went wrong: the offending line with a caret under the column an "error at L:C" message names.</summary>
internal static partial class ErrorCaret
{
    public static string Render(string query, string message)
    {
        var match = Position().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var lines = query.Split('\n');
        var line = int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        var column = int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        if (line < 1 || line > lines.Length)
        {
            return message;
        }

        var text = lines[line - 1].TrimEnd('\r');
        return $"{message}\n  {text}\n  {new string(' ', Math.Clamp(column - 1, 0, text.Length))}^";
    }

    [GeneratedRegex(@"error at (\d+):(\d+)")]
    private static partial Regex Position();
}
