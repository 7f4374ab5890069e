using System.Text.Json;
using Engine.Query.Execution;

namespace Engine.Query.Output;

/// <summary>
/// Reads InfluxDB 1.x query JSON back into results, for clients of a remote server (the CLI) and
/// for tests. Integral numbers become <c>long</c>, others <c>double</c>.
/// </summary>
public static class InfluxJsonReader
{
    /// <summary>The per-statement results, or the top-level error of a query that did not run.</summary>
    public static (IReadOnlyList<StatementResult> Results, string? Error) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error))
        {
            return ([], error.GetString());
        }

        List<StatementResult> results = [];
        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            var id = result.TryGetProperty("statement_id", out var sid) ? sid.GetInt32() : results.Count;
            if (result.TryGetProperty("error", out var statementError))
            {
                results.Add(StatementResult.Failed(id, statementError.GetString() ?? string.Empty));
                continue;
            }

            var series = result.TryGetProperty("series", out var list) ? list.EnumerateArray().Select(ReadSeries).ToArray() : [];
            var messages = result.TryGetProperty("messages", out var notes)
                ? notes.EnumerateArray().Select(m => new StatementMessage(m.GetProperty("level").GetString() ?? string.Empty, m.GetProperty("text").GetString() ?? string.Empty)).ToArray()
                : [];
            results.Add(new StatementResult(id, series) { Messages = messages });
        }

        return (results, null);
    }

    private static ResultSeries ReadSeries(JsonElement series)
    {
        var name = series.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
        var tags = series.TryGetProperty("tags", out var t)
            ? t.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? string.Empty)).ToArray()
            : [];
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? string.Empty).ToArray();
        var rows = series.TryGetProperty("values", out var values)
            ? values.EnumerateArray().Select(row => row.EnumerateArray().Select(ReadValue).ToArray()).ToArray()
            : [];
        return new ResultSeries(name, tags, columns, rows);
    }

    private static object? ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var integer) => integer,
        JsonValueKind.Number when value.TryGetUInt64(out var unsigned) => unsigned,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(),
    };
}
