namespace Engine.Query.Language;

/// <summary>One statement of a query; a query string holds one or more separated by <c>;</c>.</summary>
public abstract record Statement;

/// <summary><c>EXPLAIN SELECT ...</c>: what the select would touch, without running it.</summary>
public sealed record ExplainStatement(SelectStatement Select) : Statement;

/// <summary><c>SHOW DATABASES</c>: Engine has one database; clients such as <c>influx</c> ask.</summary>
public sealed record ShowDatabasesStatement : Statement;

/// <summary><c>SHOW MEASUREMENTS</c>.</summary>
public sealed record ShowMeasurementsStatement : Statement;

/// <summary><c>SHOW TAG KEYS [FROM m]</c>; null measurement means every measurement.</summary>
public sealed record ShowTagKeysStatement(string? Measurement) : Statement;

/// <summary><c>SHOW TAG VALUES [FROM m] WITH KEY = k</c> (or <c>WITH KEY IN (k1, k2)</c>).</summary>
public sealed record ShowTagValuesStatement(string? Measurement, IReadOnlyList<string> Keys) : Statement;

/// <summary><c>SHOW FIELD KEYS [FROM m]</c>.</summary>
public sealed record ShowFieldKeysStatement(string? Measurement) : Statement;

/// <summary><c>SHOW SERIES [FROM m] [WHERE tag conditions]</c>.</summary>
public sealed record ShowSeriesStatement(string? Measurement, TagCondition? Where) : Statement;
