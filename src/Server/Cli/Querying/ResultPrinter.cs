using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Query.Execution;
using Engine.Query.Output;

namespace Engine.Server.Cli.Querying;

/// <summary>
/// Prints statement results in a <see cref="ResultFormat"/>; times as RFC 3339. Tables end with the
/// statement's messages (<c>info: ...</c>); CSV leaves them out so that it stays one table.
/// </summary>
internal static class ResultPrinter
{
    private static readonly string[] CsvLeadingColumns = ["name", "tags"];

    public static void Print(TextWriter output, IReadOnlyList<StatementResult> results, ResultFormat format)
    {
        switch (format)
        {
            case ResultFormat.Json:
                PrintJson(output, results);
                break;
            case ResultFormat.Csv:
                foreach (var result in results)
                {
                    PrintCsv(output, result);
                }

                break;
            default:
                foreach (var result in results)
                {
                    PrintTables(output, result);
                }

                break;
        }
    }

    /// <summary>A cell as text: times as RFC 3339, floats round-trippable, null as empty.</summary>
    public static string Cell(ResultSeries series, int column, object? value) => value switch
    {
        long time when column == 0 && series.HasTimeColumn => EpochFormat.FormatRfc3339(time),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        null => string.Empty,
        _ => value.ToString() ?? string.Empty,
    };

    private static void PrintJson(TextWriter output, IReadOnlyList<StatementResult> results)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, InfluxJsonWriter.Options(indented: true)))
        {
            InfluxJsonWriter.Write(json, results, EpochFormat.Rfc3339);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void PrintTables(TextWriter output, StatementResult result)
    {
        if (result.Error is { } error)
        {
            output.WriteLine($"ERR: {error}");
            return;
        }

        foreach (var series in result.Series)
        {
            if (series.Name.Length > 0)
            {
                output.WriteLine($"name: {series.Name}");
            }

            if (series.Tags.Count > 0)
            {
                output.WriteLine($"tags: {string.Join(", ", series.Tags.Select(t => $"{t.Key}={t.Value}"))}");
            }

            var cells = series.Rows.Select(row => row.Select((value, c) => Cell(series, c, value)).ToArray()).ToArray();
            var widths = series.Columns.Select((name, c) => cells.Select(r => r[c].Length).Append(name.Length).Max()).ToArray();
            output.WriteLine(Line(series.Columns, widths));
            output.WriteLine(Line([.. series.Columns.Select(name => new string('-', name.Length))], widths));
            foreach (var row in cells)
            {
                output.WriteLine(Line(row, widths));
            }

            output.WriteLine();
        }

        foreach (var message in result.Messages)
        {
            output.WriteLine($"{message.Level}: {message.Text}");
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join(' ', cells.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();

    private static void PrintCsv(TextWriter output, StatementResult result)
    {
        if (result.Error is { } error)
        {
            output.WriteLine($"ERR: {error}");
            return;
        }

        foreach (var series in result.Series)
        {
            output.WriteLine(string.Join(',', CsvLeadingColumns.Concat(series.Columns).Select(Csv)));
            var tags = string.Join(',', series.Tags.Select(t => $"{t.Key}={t.Value}"));
            foreach (var row in series.Rows)
            {
                output.WriteLine(string.Join(',', new[] { series.Name, tags }.Concat(row.Select((v, c) => Cell(series, c, v))).Select(Csv)));
            }
        }
    }

    /// <summary>Quotes a CSV field when it holds a separator, quote or line break (RFC 4180).</summary>
    private static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
