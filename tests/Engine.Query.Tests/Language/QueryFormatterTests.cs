using Engine.Query.Language;

namespace Engine.Query.Tests.Language;

public class QueryFormatterTests
{
    [Theory]
    [InlineData("select MEAN(v) from db..cpu where time > now() - 1h group by time(90m, -1m), host", "SELECT mean(v) FROM cpu WHERE time >= now() - 3599999999999ns GROUP BY time(90m, -1m), host")]
    [InlineData("SELECT (max(v) - min(v)) / 2, 1 - (sum(v) - 3), p99(v) FROM m", "SELECT (max(v) - min(v)) / 2, 1 - (sum(v) - 3), percentile(v, 99) FROM m")]
    [InlineData("SELECT \"select\", \"a b\", \"Time\" FROM \"x.y\" WHERE \"time\" = 'it\\'s' AND (a = 'b' OR c =~ /d\\/e/)", "SELECT \"select\", \"a b\", \"Time\" FROM \"x.y\" WHERE \"time\" = 'it\\'s' AND (a = 'b' OR c =~ /d\\/e/)")]
    [InlineData("SELECT v FROM m WHERE time = '2026-11-23T10:00:00.5+01:00' AND (a = 'b' OR c = 'd')", "SELECT v FROM m WHERE (a = 'b' OR c = 'd') AND time >= '2026-11-23T09:00:00.5Z' AND time < '2026-11-23T09:00:00.500000001Z'")]
    [InlineData("SELECT max(v) FROM m GROUP BY time(1d) fill(-2.5) ORDER BY time DESC LIMIT 3 SOFFSET 4", "SELECT max(v) FROM m GROUP BY time(1d) fill(-2.5) ORDER BY time DESC LIMIT 3 SOFFSET 4")]
    [InlineData("show tag values from cpu with key in (host, 'dc')", "SHOW TAG VALUES FROM cpu WITH KEY IN (host, dc)")]
    public void A_statement_formats_as_canonical_query_text(string query, string expected)
    {
        Assert.Equal(expected, QueryFormatter.Format(Assert.Single(QueryParser.Parse(query))));
    }
}
