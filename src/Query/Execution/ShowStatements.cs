using Engine.Query.Language;
using Engine.Storage.Catalog;
using Engine.Storage.Model;

namespace Engine.Query.Execution;

/// <summary>The SHOW statements, answered from the tag index alone, in the shapes InfluxDB 1.x gives.</summary>
internal static class ShowStatements
{
    /// <summary>The one database clients see; Engine ignores <c>db</c>, but <c>influx</c> asks for a list.</summary>
    public const string DatabaseName = "engine";

    public static IReadOnlyList<ResultSeries> Run(Statement statement, TagIndex index) => statement switch
    {
        ShowDatabasesStatement => [Table("databases", ["name"], [[DatabaseName]])],
        ShowMeasurementsStatement => NonEmpty(Table("measurements", ["name"], [.. index.Measurements().Select(m => new object?[] { m })])),
        ShowTagKeysStatement show => PerMeasurement(index, show.Measurement, m =>
            Table(m, ["tagKey"], [.. index.TagKeys(m).Select(k => new object?[] { k })])),
        ShowTagValuesStatement show => PerMeasurement(index, show.Measurement, m =>
            Table(m, ["key", "value"], [.. show.Keys.Order(StringComparer.Ordinal).SelectMany(k => index.TagValues(m, k).Select(v => new object?[] { k, v }))])),
        ShowFieldKeysStatement show => PerMeasurement(index, show.Measurement, m =>
            Table(m, ["fieldKey", "fieldType"], [.. index.FieldKeys(m).Select(f => new object?[] { f.Key, TypeName(f.Value) })])),
        ShowSeriesStatement show => NonEmpty(Table("", ["key"], [.. SeriesKeys(index, show)])),
        _ => throw new ArgumentOutOfRangeException(nameof(statement)),
    };

    /// <summary>InfluxDB's names of field types.</summary>
    public static string TypeName(FieldType type) => type.ToString().ToLowerInvariant();

    private static IEnumerable<object?[]> SeriesKeys(TagIndex index, ShowSeriesStatement show) =>
        Measurements(index, show.Measurement)
            .SelectMany(m => TagConditionEvaluator.Select(index, m, show.Where))
            .Select(s => s.TagSet.ToString())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(key => new object?[] { key });

    private static IReadOnlyList<ResultSeries> PerMeasurement(TagIndex index, string? measurement, Func<string, ResultSeries> table) =>
        [.. Measurements(index, measurement).Select(table).Where(t => t.Rows.Count > 0)];

    private static IReadOnlyList<string> Measurements(TagIndex index, string? measurement) =>
        measurement is null ? index.Measurements() : [measurement];

    private static ResultSeries Table(string name, IReadOnlyList<string> columns, IReadOnlyList<object?[]> rows) => new(name, [], columns, rows);

    private static IReadOnlyList<ResultSeries> NonEmpty(ResultSeries table) => table.Rows.Count > 0 ? [table] : [];
}
