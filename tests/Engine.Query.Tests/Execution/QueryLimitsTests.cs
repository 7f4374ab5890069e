using Engine.Query.Execution;
using Engine.Storage;
using Engine.Storage.Model;

namespace Engine.Query.Tests.Execution;

/// <summary>A statement over its limits fails alone, with an error that says which limit and what to do.</summary>
public sealed class QueryLimitsTests
{
    [Fact]
    public void Statements_over_a_limit_fail_with_a_clear_error_and_the_others_still_run()
    {
        using var folder = new TempFolder();
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 2, BackgroundJobs = false });
        storage.Write(Enumerable.Range(0, 100).Select(i => new Point("m", [], [KeyValuePair.Create("v", FieldValue.Float(i))], i * 1_000_000_000L)));
        var engine = new QueryEngine(storage, limits: new QueryLimits { MaxBuckets = 50, MaxValuesHeld = 60, MaxRows = 70 });

        var results = engine.Execute("SELECT p99(v) FROM m; SELECT count(v) FROM m GROUP BY time(1s); SELECT v FROM m; SELECT max(v) FROM m");

        Assert.StartsWith("the query needs more than 60 values in memory for median or percentile", results[0].Error, StringComparison.Ordinal);
        Assert.Equal("GROUP BY time would produce 100 buckets, above the limit of 50; narrow the time range or widen the interval", results[1].Error);
        Assert.Equal("the query returns more than 70 rows; add a LIMIT or narrow the time range", results[2].Error);
        Assert.Equal(99.0, results[3].Series[0].Rows[0][1]);
    }
}
