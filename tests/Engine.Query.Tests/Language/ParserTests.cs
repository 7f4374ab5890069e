using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Query.Language;
using static Engine.Query.Language.AggregateFunction;
using static Engine.Query.Language.ArithmeticOperator;
using static Engine.Query.Tests.Language.SyntaxTrees;

namespace Engine.Query.Tests.Language;

public class ParserTests
{
    private const long Minute = 60_000_000_000;
    private const long Hour = 60 * Minute;

    private static readonly SelectStatement CpuValue = Select("cpu", Field(Raw("v")));

    // Computed apart from the parser's own RFC 3339 reading.
    private static long Ns(string time) =>
        (DateTimeOffset.Parse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static TagEquals Tag(string key, string value, bool negated = false) => new(key, value, negated);

    private static TagMatches Matches(string key, string pattern, bool negated = false) => new(key, new Regex(pattern), negated);

    public static TheoryData<string, Statement[]> ValidQueries() => new()
    {
        { "SELECT usage_user FROM cpu", [Select("cpu", Field(Raw("usage_user")))] },
        { "select * from cpu", [Select("cpu", Field(Raw("*")))] },
        { "SELECT \"quoted ident\", v AS \"the v\" FROM \"my \\\"m\\\"\"", [Select("my \"m\"", Field(Raw("quoted ident")), Field(Raw("v"), "the v"))] },
        { "SELECT \"select\", count, \"a\\\\b\" FROM m", [Select("m", Field(Raw("select")), Field(Raw("count")), Field(Raw("a\\b")))] },
        {
            "SELECT count(v), sum(v), mean(v), median(v), min(v), max(v), first(v), last(v), spread(v), stddev(v) FROM m",
            [Select("m", [.. new[] { Count, Sum, Mean, Median, Min, Max, First, Last, Spread, Stddev }.Select(f => Field(Call(f, "v")))])]
        },
        {
            "SELECT percentile(v, 99.9), p50(v), P90(\"v\"), p95(v), p99(v), percentile(v, 0), PERCENTILE(v, 100) FROM m",
            [Select("m", Field(Call(Percentile, "v", 99.9)), Field(Call(Percentile, "v", 50)), Field(Call(Percentile, "v", 90)),
                Field(Call(Percentile, "v", 95)), Field(Call(Percentile, "v", 99)), Field(Call(Percentile, "v", 0)), Field(Call(Percentile, "v", 100)))]
        },
        { "SELECT mean(usage) AS avg, max(*) FROM cpu", [Select("cpu", Field(Call(Mean, "usage"), "avg"), Field(Call(Max, "*")))] },
        {
            "SELECT max(v) - min(v) AS range, mean(v) * 100 / 2 FROM m",
            [Select("m", Field(Binary(Call(Max, "v"), Subtract, Call(Min, "v")), "range"),
                Field(Binary(Binary(Call(Mean, "v"), Multiply, Number(100)), Divide, Number(2))))]
        },
        {
            "SELECT (max(v) - min(v)) * -2.5, mean(v) + 1 * 2, 10 - (sum(v) - 3) FROM m",
            [Select("m", Field(Binary(Binary(Call(Max, "v"), Subtract, Call(Min, "v")), Multiply, Number(-2.5))),
                Field(Binary(Call(Mean, "v"), Add, Binary(Number(1), Multiply, Number(2)))),
                Field(Binary(Number(10), Subtract, Binary(Call(Sum, "v"), Subtract, Number(3)))))]
        },
        { "SELECT mean(v) * 1.5e3 FROM m", [Select("m", Field(Binary(Call(Mean, "v"), Multiply, Number(1500))))] },
        { "SELECT v FROM db..cpu", [CpuValue] },
        { "SELECT v FROM \"db\".\"rp\".\"cpu\"", [CpuValue] },
        { "SELECT v FROM rp.cpu", [CpuValue] },
        {
            "SELECT v FROM cpu WHERE host = 'a' AND region != 'eu' OR dc <> 'x'",
            [CpuValue with { Where = new OrCondition(new AndCondition(Tag("host", "a"), Tag("region", "eu", true)), Tag("dc", "x", true)) }]
        },
        {
            "SELECT v FROM cpu WHERE host = 'a' AND (region = 'eu' OR \"region\" = 'us')",
            [CpuValue with { Where = new AndCondition(Tag("host", "a"), new OrCondition(Tag("region", "eu"), Tag("region", "us"))) }]
        },
        {
            "SELECT v FROM cpu WHERE host =~ /^web-\\d+$/ AND path !~ /\\/api\\// AND \"time\" = 'tag'",
            [CpuValue with { Where = new AndCondition(new AndCondition(Matches("host", "^web-\\d+$"), Matches("path", "/api/", true)), Tag("time", "tag")) }]
        },
        { "SELECT v FROM cpu WHERE name = 'it\\'s \\\\ C:\\new'", [CpuValue with { Where = Tag("name", "it's \\ C:\\new") }] },
        { "SELECT v FROM cpu WHERE time > now() - 1h", [CpuValue with { Start = FromNow(-Hour + 1) }] },
        {
            "SELECT v FROM cpu WHERE time >= now() - 1h30m AND time < now() + 30m",
            [CpuValue with { Start = FromNow(-90 * Minute), End = FromNow(30 * Minute) }]
        },
        { "SELECT v FROM cpu WHERE time <= now()", [CpuValue with { End = FromNow(1) }] },
        {
            "SELECT v FROM cpu WHERE time >= '2026-11-23T10:00:00Z' AND time <= '2026-11-23T11:00:00.5+01:00'",
            [CpuValue with { Start = Absolute(Ns("2026-11-23T10:00:00Z")), End = Absolute(Ns("2026-11-23T10:00:00.5Z") + 1) }]
        },
        {
            "SELECT v FROM cpu WHERE time >= '2026-11-23' AND time < '2026-11-23 10:00:00.123456789'",
            [CpuValue with { Start = Absolute(Ns("2026-11-23T00:00:00Z")), End = Absolute(Ns("2026-11-23T10:00:00Z") + 123_456_789) }]
        },
        { "SELECT v FROM cpu WHERE time > 1700000000000000000", [CpuValue with { Start = Absolute(1_700_000_000_000_000_001) }] },
        {
            "SELECT v FROM cpu WHERE time >= 1700000000s AND time < 1700000000000ms + 1h",
            [CpuValue with { Start = Absolute(1_700_000_000_000_000_000), End = Absolute(1_700_000_000_000_000_000 + Hour) }]
        },
        {
            "SELECT v FROM cpu WHERE time = '2026-11-23T10:00:00Z' - 1m",
            [CpuValue with { Start = Absolute(Ns("2026-11-23T09:59:00Z")), End = Absolute(Ns("2026-11-23T09:59:00Z") + 1) }]
        },
        {
            "SELECT v FROM cpu WHERE time > now() - 2h AND (time >= now() - 1h AND time < now()) AND time < now() + 1h",
            [CpuValue with { Start = FromNow(-Hour), End = FromNow(0) }]
        },
        {
            "SELECT v FROM cpu WHERE host = 'a' AND time > now() - 1h AND region = 'eu'",
            [CpuValue with { Where = new AndCondition(Tag("host", "a"), Tag("region", "eu")), Start = FromNow(-Hour + 1) }]
        },
        {
            "SELECT mean(v) FROM m WHERE time > now() - 1h GROUP BY time(5m), host, \"data center\" fill(none)",
            [Select("m", Field(Call(Mean, "v"))) with
            {
                Start = FromNow(-Hour + 1), GroupBy = GroupBy(new TimeInterval(5 * Minute, 0), false, "host", "data center"), Fill = FillMode.None,
            }]
        },
        {
            "SELECT max(v) FROM m GROUP BY *, time(1h, -15m)",
            [Select("m", Field(Call(Max, "v"))) with { GroupBy = GroupBy(new TimeInterval(Hour, -15 * Minute), true) }]
        },
        {
            "SELECT max(v) FROM m GROUP BY time(1w, 1d), fill fill(previous)",
            [Select("m", Field(Call(Max, "v"))) with { GroupBy = GroupBy(new TimeInterval(7 * 24 * Hour, 24 * Hour), false, "fill"), Fill = FillMode.Previous }]
        },
        { "SELECT v FROM cpu GROUP BY host", [CpuValue with { GroupBy = GroupBy(null, false, "host") }] },
        { "SELECT max(v) FROM m GROUP BY time(100ms) fill(linear)", [Select("m", Field(Call(Max, "v"))) with { GroupBy = GroupBy(new TimeInterval(100_000_000, 0), false), Fill = FillMode.Linear }] },
        { "SELECT max(v) FROM m GROUP BY time(10µ) fill(null)", [Select("m", Field(Call(Max, "v"))) with { GroupBy = GroupBy(new TimeInterval(10_000, 0), false) }] },
        { "SELECT max(v) FROM m fill(0)", [Select("m", Field(Call(Max, "v"))) with { Fill = FillMode.Number }] },
        { "SELECT max(v) FROM m fill(-1.5)", [Select("m", Field(Call(Max, "v"))) with { Fill = FillMode.Number, FillValue = -1.5 }] },
        {
            "SELECT v FROM cpu ORDER BY time DESC LIMIT 10 OFFSET 5 SLIMIT 3 SOFFSET 1",
            [CpuValue with { Descending = true, Limit = 10, Offset = 5, SeriesLimit = 3, SeriesOffset = 1 }]
        },
        { "SELECT v FROM cpu ORDER BY time ASC LIMIT 2147483647", [CpuValue with { Limit = int.MaxValue }] },
        { "SELECT v FROM cpu; select v from cpu;", [CpuValue, CpuValue] },
        { " ;; ;\n", [] },
        {
            "sElEcT MEAN(v) fRoM m gRoUp By TIME(1m) FILL(LINEAR) order BY Time desc",
            [Select("m", Field(Call(Mean, "v"))) with { GroupBy = GroupBy(new TimeInterval(Minute, 0), false), Fill = FillMode.Linear, Descending = true }]
        },
        { "SHOW DATABASES; show measurements", [new ShowDatabasesStatement(), new ShowMeasurementsStatement()] },
        { "SHOW TAG KEYS; SHOW TAG KEYS FROM cpu", [new ShowTagKeysStatement(null), new ShowTagKeysStatement("cpu")] },
        {
            "SHOW TAG VALUES FROM cpu WITH KEY = host; SHOW TAG VALUES WITH KEY IN (\"host\", region, 'dc')",
            [new ShowTagValuesStatement("cpu", ["host"]), new ShowTagValuesStatement(null, ["host", "region", "dc"])]
        },
        { "SHOW FIELD KEYS; SHOW FIELD KEYS FROM \"db\"..\"cpu\"", [new ShowFieldKeysStatement(null), new ShowFieldKeysStatement("cpu")] },
        {
            "SHOW SERIES; SHOW SERIES FROM cpu WHERE host =~ /a/ OR host = 'b'",
            [new ShowSeriesStatement(null, null), new ShowSeriesStatement("cpu", new OrCondition(Matches("host", "a"), Tag("host", "b")))]
        },
        { "EXPLAIN SELECT v FROM cpu WHERE time > now() - 1h", [new ExplainStatement(CpuValue with { Start = FromNow(-Hour + 1) })] },
    };

    [Theory]
    [MemberData(nameof(ValidQueries))]
    public void A_valid_query_parses_to_its_syntax_tree(string query, Statement[] expected)
    {
        Assert.Equal(expected.Select(Normalize), ParseNormalized(query));
    }

    [Fact]
    public void Expressions_carry_the_line_and_column_where_they_start()
    {
        var select = Assert.IsType<SelectStatement>(Assert.Single(QueryParser.Parse("\n  SELECT min(v),\n\tmax(v) - 1 AS x FROM m")));

        Assert.Equal(new SourcePosition(2, 10), select.Fields[0].Expression.Position);
        var difference = Assert.IsType<BinaryExpression>(select.Fields[1].Expression);
        Assert.Equal(new SourcePosition(3, 2), difference.Position);
        Assert.Equal(new SourcePosition(3, 6), Assert.IsType<AggregateCall>(difference.Left).Argument.Position);
        Assert.Equal(new SourcePosition(3, 11), difference.Right.Position);
    }

    [Fact]
    public void A_parsed_regex_is_unanchored_culture_invariant_and_linear_time()
    {
        var select = (SelectStatement)QueryParser.Parse("SELECT v FROM m WHERE host =~ /eb-\\d/")[0];

        var matches = Assert.IsType<TagMatches>(select.Where);
        Assert.Matches(matches.Pattern, "web-1");
        Assert.Equal(RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, matches.Pattern.Options);
    }
}
