using System.Text.RegularExpressions;
using Engine.Query.Language;
using Engine.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Query.Tests.Execution;

/// <summary>
/// Raw selects over random data: the fields of a tag set join on time, tag sets merge in time
/// order within a group, and ORDER BY, OFFSET and LIMIT page each group — compared with LINQ.
/// </summary>
public sealed class RawSelectPropertyTests
{
    private static readonly TagCondition?[] Conditions =
    [
        null,
        new TagEquals("host", "a", false),
        new TagMatches("host", new Regex("[bd]"), false),
        new OrCondition(new TagEquals("region", "east", false), new TagEquals("region", "", false)),
    ];

    [Property(MaxTest = 30)]
    public Property Raw_rows_equal_the_joined_samples(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        using var folder = new TempFolder();
        using var storage = StorageEngine.Open(folder.Path, new StorageOptions { ShardCount = 4, BackgroundJobs = false });
        var samples = RandomDataset.Write(storage, random).Final;
        var engine = new QueryEngine(storage);
        for (var query = 0; query < 10; query++)
        {
            var position = new SourcePosition(1, 1);
            var byHost = random.Next(2) == 0;
            var start = RandomDataset.Origin + (random.Next(-600, 3 * 3600) * 1_000_000_000L);
            var select = new SelectStatement([new SelectField(new FieldReference("f", position), null), new SelectField(new FieldReference("n", position), null)], RandomDataset.Measurement)
            {
                Where = Conditions[random.Next(Conditions.Length)],
                Start = new TimeBound(start, false),
                End = random.Next(2) == 0 ? null : new TimeBound(start + (random.Next(1, 3600) * 1_000_000_000L), false),
                GroupBy = byHost ? new GroupBy(null, ["host"], false) : GroupBy.None,
                Descending = random.Next(2) == 0,
                Offset = random.Next(3),
                Limit = random.Next(4) == 0 ? 0 : random.Next(1, 20),
            };

            var expected = Expected(select, samples, byHost);
            var actual = engine.Execute(select).Series.Select(s => (s.Tags.Count == 0 ? string.Empty : s.Tags[0].Value, Rows: s.Rows.Select(Format).ToList())).ToList();
            var same = expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.Group == p.Second.Item1 && p.First.Rows.SequenceEqual(p.Second.Rows));
            if (!same)
            {
                return false.Label($"seed {seed.Get}, query {query}: expected\n{Describe(expected)}\ngot\n{Describe(actual)}");
            }
        }

        return true.ToProperty();
    }

    private static List<(string Group, List<string> Rows)> Expected(SelectStatement select, IReadOnlyList<Sample> samples, bool byHost)
    {
        var end = select.End?.Nanoseconds ?? long.MaxValue;
        var selected = samples
            .Where(s => s.Time >= select.Start!.Nanoseconds && s.Time < end)
            .Where(s => select.Where is null || AggregateOracle.Matches(select.Where, s));
        return [.. selected
            .GroupBy(s => byHost ? s.Host : string.Empty)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(group =>
            {
                // One row per tag set and timestamp; tag sets of equal time in host order (the tag-set key order here).
                var rows = group.GroupBy(s => (s.Host, s.Time))
                    .OrderBy(r => r.Key.Time).ThenBy(r => r.Key.Host, StringComparer.Ordinal)
                    .Select(r => Format([r.Key.Time, r.FirstOrDefault(s => s.Field == "f")?.Value, (long?)r.FirstOrDefault(s => s.Field == "n")?.Value]));
                var ordered = select.Descending ? rows.Reverse() : rows;
                var page = ordered.Skip(select.Offset);
                return (group.Key, select.Limit > 0 ? page.Take(select.Limit).ToList() : page.ToList());
            })
            .Where(g => g.Item2.Count > 0)];
    }

    private static string Format(object?[] row) => string.Join('|', row.Select(v => v?.ToString() ?? "null"));

    private static string Describe(IEnumerable<(string, List<string>)> groups) =>
        string.Join('\n', groups.Select(g => $"[{g.Item1}] {string.Join("; ", g.Item2)}"));
}
