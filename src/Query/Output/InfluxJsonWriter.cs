using System.Text.Encodings.Web;
using System.Text.Json;
using Engine.Query.Execution;

namespace Engine.Query.Output;

/// <summary>
/// Writes results as InfluxDB 1.x JSON: <c>{"results":[{"statement_id":0,"series":[{"name",
/// "tags","columns","values"}],"messages":[{"level","text"}]}]}</c>, a statement's failure as its <c>error</c>, a parse failure
/// as the top-level <c>error</c>. NaN and infinities, which JSON cannot carry, are written as null.
/// </summary>
public static class InfluxJsonWriter
{
    /// <summary>
    /// Writer options for query answers: relaxed escaping keeps quotes in error messages and
    /// values readable (<c>'</c> rather than <c>\u0027</c>); the output is never embedded in HTML.
    /// </summary>
    public static JsonWriterOptions Options(bool indented = false) =>
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented };

    public static void Write(Utf8JsonWriter json, IReadOnlyList<StatementResult> results, EpochFormat epoch)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(results);
        json.WriteStartObject();
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            WriteStatement(json, result, epoch);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter json, string error)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteString("error", error);
        json.WriteEndObject();
    }

    private static void WriteStatement(Utf8JsonWriter json, StatementResult result, EpochFormat epoch)
    {
        json.WriteStartObject();
        json.WriteNumber("statement_id", result.StatementId);
        if (result.Error is { } error)
        {
            json.WriteString("error", error);
        }
        else if (result.Series.Count > 0)
        {
            json.WriteStartArray("series");
            foreach (var series in result.Series)
            {
                WriteSeries(json, series, epoch);
            }

            json.WriteEndArray();
        }

        if (result.Messages.Count > 0)
        {
            json.WriteStartArray("messages");
            foreach (var message in result.Messages)
            {
                json.WriteStartObject();
                json.WriteString("level", message.Level);
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteSeries(Utf8JsonWriter json, ResultSeries series, EpochFormat epoch)
    {
        json.WriteStartObject();
        if (series.Name.Length > 0)
        {
            json.WriteString("name", series.Name);
        }

        if (series.Tags.Count > 0)
        {
            json.WriteStartObject("tags");
            foreach (var (key, value) in series.Tags)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteStartArray("columns");
        foreach (var column in series.Columns)
        {
            json.WriteStringValue(column);
        }

        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (var row in series.Rows)
        {
            json.WriteStartArray();
            for (var c = 0; c < row.Length; c++)
            {
                WriteValue(json, c == 0 && series.HasTimeColumn && row[0] is long time ? epoch.Format(time) : row[c]);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case double:
                json.WriteNullValue();
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case ulong u:
                json.WriteNumberValue(u);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            default:
                json.WriteStringValue(value.ToString());
                break;
        }
    }
}
