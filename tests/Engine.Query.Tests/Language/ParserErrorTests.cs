using Engine.Query.Language;

namespace Engine.Query.Tests.Language;

public class ParserErrorTests
{
    private const string Functions = "count, sum, mean, median, min, max, first, last, spread, stddev, percentile, percentile_exact, p50, p90, p95, p99";

    public static TheoryData<string, string> InvalidQueries() => new()
    {
        { "SELEC v FROM m", "error at 1:1: expected SELECT, SHOW or EXPLAIN, found 'SELEC'" },
        { "SELECT FROM m", "error at 1:8: expected a field, an aggregate, a number or '(', found 'FROM'" },
        { "SELECT v", "error at 1:9: expected FROM after the select fields, found end of query" },
        { "SELECT v FROM", "error at 1:14: expected a measurement name, found end of query" },
        { "SELECT v AS FROM m", "error at 1:13: expected an alias after AS, found 'FROM'" },
        { "SELECT v FROM m WHERE", "error at 1:22: expected a tag key or time, found end of query" },
        { "SELECT mean(v) FROM m GROUP BY time()", "error at 1:37: expected duration after time(, found ')'" },
        { "SELECT mean(v)\nFROM m\nGROUP BY time(\n)", "error at 4:1: expected duration after time(, found ')'" },
        { "SELECT v FROM m GROUP BY time(5m)", "error at 1:26: expected an aggregate in SELECT for GROUP BY time, found only raw fields" },
        { "SELECT v, mean(v) FROM m", "error at 1:11: mixing aggregate and non-aggregate queries is not supported" },
        { "SELECT mean(v), v FROM m", "error at 1:17: mixing aggregate and non-aggregate queries is not supported" },
        { "SELECT foo(v) FROM m", $"error at 1:8: unknown function 'foo', expected one of {Functions}" },
        { "SELECT percentile(v, 101) FROM m", "error at 1:22: expected a percentile between 0 and 100, found '101'" },
        { "SELECT percentile(v, -1) FROM m", "error at 1:22: expected a percentile between 0 and 100, found '-'" },
        { "SELECT percentile(v) FROM m", "error at 1:20: expected ',' and a percentile after the field, found ')'" },
        { "SELECT mean(v FROM m", "error at 1:15: expected ')' to close mean(, found 'FROM'" },
        { "SELECT v + 1 FROM m", "error at 1:8: expected aggregates in arithmetic, found the raw field 'v'" },
        { "SELECT max(*) * 2 FROM m", "error at 1:12: expected a named field in arithmetic, found '*'" },
        { "SELECT 1 + 2 FROM m", "error at 1:8: expected a field or an aggregate in the select field, found only numbers" },
        { "SELECT mean(v) * 5m FROM m", "error at 1:18: expected a field, an aggregate, a number or '(', found '5m'" },
        { "SELECT mean(v) * 1e999 FROM m", "error at 1:18: number '1e999' is out of range" },
        { "SELECT v FROM a.b.c.d", "error at 1:20: expected at most database.retention_policy.measurement, found '.'" },
        { "SELECT v FROM \"\"", "error at 1:15: expected a name between the double quotes, found \"\"" },
        { "SELECT v FROM m WHERE host = \"a\"", "error at 1:30: expected a string in single quotes after '=', found \"a\"" },
        { "SELECT v FROM m WHERE host = 'a", "error at 1:30: expected ' to close the string, found end of query" },
        { "SELECT v FROM m\nWHERE host = 'a", "error at 2:14: expected ' to close the string, found end of query" },
        { "SELECT v FROM m WHERE host =~ 'a'", "error at 1:31: expected a regex like /.../ after '=~', found 'a'" },
        { "SELECT v FROM m WHERE host =~ /abc", "error at 1:31: expected / to close the regex, found end of query" },
        { "SELECT v FROM m WHERE host =~ /a(/", "error at 1:31: expected a valid .NET regex, found /a(/ (InsufficientClosingParentheses at offset 2)" },
        { "SELECT v FROM m WHERE host =~ /(a)\\1/", "error at 1:31: expected a regex without backreferences, lookarounds or atomic groups, found /(a)\\1/" },
        { "SELECT v FROM m WHERE host > 'a'", "error at 1:28: expected '=', '!=', '<>', '=~' or '!~' after the tag key, found '>'" },
        { "SELECT v FROM m WHERE a ! 'b'", "error at 1:25: expected '!=' or '!~', found '!'" },
        { "SELECT v FROM m WHERE host = 'a' #", "error at 1:34: unexpected character '#'" },
        { "SELECT v FROM m WHERE (host = 'a'", "error at 1:34: expected ')', found end of query" },
        { "SELECT v FROM m WHERE time != now()", "error at 1:28: expected '>', '>=', '<', '<=' or '=' after time, found '!='" },
        { "SELECT v FROM m WHERE time > now() - 1h OR host = 'a'", "error at 1:23: expected tag conditions on both sides of OR, found a time condition (AND time with the rest of WHERE)" },
        { "SELECT v FROM m WHERE host = 'a' OR (time > now() AND host = 'b')", "error at 1:38: expected tag conditions on both sides of OR, found a time condition (AND time with the rest of WHERE)" },
        { "SELECT v FROM m WHERE time > now", "error at 1:30: expected now(), a time string like '2026-11-23T10:00:00Z' or an epoch after time >, found 'now'" },
        { "SELECT v FROM m WHERE time > now() - 1", "error at 1:38: expected a duration after '-', found '1'" },
        { "SELECT v FROM m WHERE time > 'yesterday'", "error at 1:30: expected an RFC 3339 time like '2026-11-23T10:00:00Z' or '2026-11-23', found 'yesterday'" },
        { "SELECT v FROM m WHERE time > '2026-02-30'", "error at 1:30: '2026-02-30' is not a valid date and time" },
        { "SELECT v FROM m WHERE time > '3000-01-01'", "error at 1:30: '3000-01-01' is out of range (1677-09-21 to 2262-04-11)" },
        { "SELECT v FROM m WHERE time > 99999999999999999999", "error at 1:30: expected an epoch in nanoseconds of at most 9223372036854775807, found '99999999999999999999'" },
        { "SELECT v FROM m WHERE time > now() - 99999999999w", "error at 1:38: duration '99999999999w' is out of range (at most about 292 years)" },
        { "SELECT v FROM m WHERE time > '2262-04-11' + 1d", "error at 1:45: time out of range after '+ 1d': expected a time between 1677-09-21 and 2262-04-11" },
        { "SELECT v FROM m WHERE time <= 9223372036854775807", "error at 1:23: expected a time before 2262-04-11T23:47:16.854775807Z, found one after it" },
        { "SELECT v FROM m WHERE time > now() AND time > '2026-01-01'", "error at 1:40: expected bounds on one side of time that are all absolute or all relative to now(), found both" },
        { "SELECT mean(v) FROM m GROUP BY time(5x)", "error at 1:37: expected a duration unit (ns, u, µ, ms, s, m, h, d or w) in '5x', found 'x'" },
        { "SELECT mean(v) FROM m GROUP BY time(1h30)", "error at 1:37: expected a duration unit (ns, u, µ, ms, s, m, h, d or w) in '1h30', found nothing" },
        { "SELECT mean(v) FROM m GROUP BY time(0s)", "error at 1:37: expected a time interval longer than 0, found '0s'" },
        { "SELECT mean(v) FROM m GROUP BY time(5m), time(1m)", "error at 1:42: expected time(...) once in GROUP BY, found 'time'" },
        { "SELECT mean(v) FROM m fill(foo)", "error at 1:28: expected null, none, previous, linear or a number in fill(, found 'foo'" },
        { "SELECT v FROM m ORDER BY host", "error at 1:26: expected time after ORDER BY (results can only be ordered by time), found 'host'" },
        { "SELECT v FROM m LIMIT -1", "error at 1:23: expected a non-negative integer after LIMIT, found '-'" },
        { "SELECT v FROM m LIMIT 2147483648", "error at 1:23: expected LIMIT of at most 2147483647, found '2147483648'" },
        { "SELECT v FROM m SLIMIT 1.5", "error at 1:24: expected a non-negative integer after SLIMIT, found '1.5'" },
        { "SELECT v FROM m LIMIT 1 WHERE host = 'a'", "error at 1:25: expected ';' or end of query, found 'WHERE'" },
        { "SELECT v FROM m; SELECT", "error at 1:24: expected a field, an aggregate, a number or '(', found end of query" },
        { "SHOW TAGS", "error at 1:6: expected DATABASES, MEASUREMENTS, TAG KEYS, TAG VALUES, FIELD KEYS or SERIES after SHOW, found 'TAGS'" },
        { "SHOW TAG VALUES FROM cpu", "error at 1:25: expected WITH KEY after SHOW TAG VALUES, found end of query" },
        { "SHOW TAG VALUES WITH KEY host", "error at 1:26: expected IN or '=' after WITH KEY, found 'host'" },
        { "SHOW SERIES WHERE time > now()", "error at 1:19: expected tag conditions in SHOW SERIES, found a time condition" },
        { "EXPLAIN SHOW MEASUREMENTS", "error at 1:9: expected SELECT after EXPLAIN, found 'SHOW'" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public void An_invalid_query_fails_with_its_position_and_reason(string query, string message)
    {
        var error = Assert.Throws<QueryException>(() => QueryParser.Parse(query));

        Assert.Equal(message, error.Message);
        Assert.Equal($"error at {error.Position}: {error.Reason}", error.Message);
    }

    [Fact]
    public void Deep_parentheses_fail_instead_of_overflowing_the_stack()
    {
        var error = Assert.Throws<QueryException>(() => QueryParser.Parse("SELECT " + new string('(', 100_000) + "mean(v)"));

        Assert.Equal("error at 1:108: expected at most 100 nested parentheses, found more", error.Message);
    }

    [Fact]
    public void Long_operator_chains_fail_instead_of_building_trees_too_deep_to_walk()
    {
        var chain = string.Concat(Enumerable.Repeat(" OR host = 'a'", 5000));

        var error = Assert.Throws<QueryException>(() => QueryParser.Parse("SELECT v FROM m WHERE host = 'a'" + chain));

        Assert.StartsWith("error at 1:", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("expected at most 1000 operators in one statement, found more", error.Message, StringComparison.Ordinal);
    }
}
