using System.Text.RegularExpressions;
using Engine.Query.Execution;
using Engine.Query.Language;
using Engine.Storage;
using Engine.Storage.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Query.Tests.Execution;

/// <summary>
/// Random data and random aggregate selects (functions, tag filters, half-open time ranges,
/// GROUP BY time with offsets, tag groupings, every FILL) against the LINQ oracle, from raw samples
/// alone and with rollups built at random points of the writes (late points leave hours pending).
/// </summary>
public sealed class AggregatePropertyTests
{
    private static readonly (AggregateFunction Function, double Parameter)[] Functions =
    [
        (AggregateFunction.Count, 0), (AggregateFunction.Sum, 0), (AggregateFunction.Mean, 0), (AggregateFunction.Median, 0),
        (AggregateFunction.Min, 0), (AggregateFunction.Max, 0), (AggregateFunction.First, 0), (AggregateFunction.Last, 0),
        (AggregateFunction.Spread, 0), (AggregateFunction.Stddev, 0), (AggregateFunction.Percentile, 99),
        (AggregateFunction.Percentile, 50), (AggregateFunction.Percentile, 0), (AggregateFunction.Percentile, 100),
        (AggregateFunction.Percentile, 33.3), (AggregateFunction.ExactPercentile, 95),
    ];

    private static readonly TagCondition?[] Conditions =
    [
        null,
        new TagEquals("host", "b", false),
        new TagEquals("host", "b", true),
        new TagEquals("region", "", false),
        new TagMatches("host", new Regex("a|c"), false),
        new TagMatches("region", new Regex("^ea"), true),
        new AndCondition(new OrCondition(new TagEquals("host", "a", false), new TagEquals("region", "west", false)), new TagEquals("host", "c", true)),
    ];

    private static readonly string[][] Groupings = [[], ["host"], ["region"], ["host", "region"]];

    /// <summary>Intervals in seconds: finer than an hour (raw only), whole hours and a day (rollups where settled).</summary>
    private static readonly long[] RawIntervals = [1, 7, 60, 300, 3600];
    private static readonly long[] RollupIntervals = [300, 3600, 3600, 7200, 86400, 86400];

    [Property(MaxTest = 40)]
    public Property Aggregates_equal_the_oracle(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var folder = new TempFolder();
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 4, BackgroundJobs = false });
        var dataset = RandomDataset.Write(storage, random);
        return Check(seed, random, new QueryEngine(storage), dataset, RawIntervals, sketchTolerance: 0);
    }

    /// <summary>
    /// The planner's answers equal the oracle's: count, sum, min, max, first, last exactly, mean and
    /// stddev to rounding, median and percentiles within the sketches' 1% where rollups answered.
    /// </summary>
    [Property(MaxTest = 30)]
    public Property Aggregates_read_from_rollups_equal_the_oracle(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var folder = new TempFolder();
        // Now is somewhere in the data's last hours or after them, so some hours may still be open.
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        clock.SetNs(RandomDataset.Origin + (random.Next(60, 300) * 60_000_000_000L));
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 4, BackgroundJobs = false, Clock = clock });
        var dataset = RandomDataset.Write(storage, random, afterBatch: () =>
        {
            if (random.Next(3) > 0)
            {
                storage.BuildRollups();
            }
        });
        return Check(seed, random, new QueryEngine(storage), dataset, RollupIntervals, sketchTolerance: 0.01);
    }

    private static Property Check(PositiveInt seed, Random random, QueryEngine engine, RandomDataset dataset, long[] intervals, double sketchTolerance)
    {
        for (var query = 0; query < 10; query++)
        {
            var (select, groupKeys) = RandomSelect(random, intervals);
            var expected = AggregateOracle.Run(select, dataset.Final, groupKeys);
            var actual = engine.Execute(select).Series;
            var difference = Compare(expected, actual, select, sketchTolerance);
            if (difference is not null)
            {
                return false.Label($"seed {seed.Get}, query {query}: {difference}\n{QueryFormatter.Format(select)}");
            }
        }

        return true.ToProperty();
    }

    private static (SelectStatement Select, IReadOnlyList<string> GroupKeys) RandomSelect(Random random, long[] intervals)
    {
        var position = new SourcePosition(1, 1);
        var fields = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var (function, parameter) = Functions[random.Next(Functions.Length)];
            var argument = new FieldReference(random.Next(2) == 0 ? "f" : "n", position);
            return new SelectField(new AggregateCall(function, argument, parameter, position), null);
        }).ToArray();
        var groupKeys = random.Next(5) == 0 ? ["host", "region"] : Groupings[random.Next(Groupings.Length)];
        TimeInterval? interval = random.Next(4) == 0
            ? null
            : new TimeInterval(intervals[random.Next(intervals.Length)] * 1_000_000_000, RandomOffset(random));
        // Half the bounds fall on whole hours, where rollups can answer up to the bound.
        long RandomTime() => random.Next(2) == 0
            ? RandomDataset.Origin + (random.Next(-600, (3 * 3600) + 600) * 1_000_000_000L) + (random.Next(2) * 250_000_000L)
            : TimeMath.HourOf(RandomDataset.Origin) * TimeMath.NanosPerHour + (random.Next(-1, 5) * TimeMath.NanosPerHour);
        var start = random.Next(3) == 0 ? null : new TimeBound(RandomTime(), false);
        var end = random.Next(3) == 0 ? null : new TimeBound(RandomTime(), false);
        if (interval is { IntervalNs: < 60_000_000_000 } && (start is null || end is null))
        {
            // Keep the bucket count of second-wide intervals small: bound the range to an hour.
            start = new TimeBound(RandomTime(), false);
            end = new TimeBound(start.Nanoseconds + (random.Next(1, 3600) * 1_000_000_000L), false);
        }

        var select = new SelectStatement(fields, RandomDataset.Measurement)
        {
            Where = Conditions[random.Next(Conditions.Length)],
            Start = start,
            End = end,
            GroupBy = new GroupBy(interval, random.Next(5) == 0 ? [] : groupKeys, false),
            Fill = (FillMode)random.Next(5),
            FillValue = random.Next(-3, 3),
        };
        if (select.GroupBy.Tags.Count == 0 && groupKeys.Length > 0 && random.Next(2) == 0)
        {
            return (select with { GroupBy = select.GroupBy with { AllTags = true } }, ["host", "region"]);
        }

        return (select, select.GroupBy.Tags);
    }

    /// <summary>Offsets in whole seconds, or in whole hours (which rollups can answer).</summary>
    private static long RandomOffset(Random random) =>
        random.Next(2) == 0 ? random.Next(-100, 100) * 1_000_000_000L : random.Next(-2, 3) * TimeMath.NanosPerHour;

    private static string? Compare(List<(IReadOnlyList<KeyValuePair<string, string>> Tags, List<object?[]> Rows)> expected, IReadOnlyList<ResultSeries> actual, SelectStatement select, double sketchTolerance)
    {
        if (expected.Count != actual.Count)
        {
            return $"expected {expected.Count} series, got {actual.Count}";
        }

        for (var s = 0; s < expected.Count; s++)
        {
            if (!expected[s].Tags.SequenceEqual(actual[s].Tags))
            {
                return $"series {s}: expected tags {string.Join(',', expected[s].Tags)}, got {string.Join(',', actual[s].Tags)}";
            }

            if (expected[s].Rows.Count != actual[s].Rows.Count)
            {
                return $"series {s}: expected {expected[s].Rows.Count} rows, got {actual[s].Rows.Count}";
            }

            for (var r = 0; r < expected[s].Rows.Count; r++)
            {
                for (var c = 0; c < expected[s].Rows[r].Length; c++)
                {
                    var call = c == 0 ? null : (AggregateCall)select.Fields[c - 1].Expression;
                    if (!Same(expected[s].Rows[r][c], actual[s].Rows[r][c], AllowedError(call, expected[s].Rows[r][c], sketchTolerance)))
                    {
                        return $"series {s} row {r} column {c}: expected {Describe(expected[s].Rows[r][c])}, got {Describe(actual[s].Rows[r][c])}";
                    }
                }
            }
        }

        return null;
    }

    private static string Describe(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";

    /// <summary>
    /// How far a sketch's estimate may be from the exact value: a percentile within the relative
    /// tolerance (integers then rounded to the nearest); a median is the mean of two such estimates,
    /// whose magnitudes the field's value range bounds (|f| ≤ 50, |n| < 1000). Zero for the rest.
    /// </summary>
    private static double AllowedError(AggregateCall? call, object? expected, double tolerance)
    {
        var exact = expected switch { double d => Math.Abs(d), long l => Math.Abs(l), _ => 0 };
        return call?.Function switch
        {
            AggregateFunction.Percentile => (tolerance * exact) + (expected is long && tolerance > 0 ? 0.5 : 0),
            AggregateFunction.Median => tolerance * Math.Max(exact, call.Argument.Name == "n" ? 1000 : 50),
            _ => 0,
        };
    }

    /// <summary>Equal, doubles to rounding, and within <paramref name="allowedError"/>.</summary>
    private static bool Same(object? expected, object? actual, double allowedError) => (expected, actual) switch
    {
        (null, null) => true,
        (double e, double a) => Math.Abs(e - a) <= Math.Max(1e-9 * Math.Max(1, Math.Max(Math.Abs(e), Math.Abs(a))), allowedError),
        (long e, long a) => Math.Abs(e - a) <= allowedError,
        _ => Equals(expected, actual),
    };
}
