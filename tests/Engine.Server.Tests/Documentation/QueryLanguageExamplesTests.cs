using System.Text.RegularExpressions;
using Engine.Ingest;
using Engine.Query;
using Engine.Server.Cli.Querying;

namespace Engine.Server.Tests.Documentation;

/// <summary>
/// Every example in docs/query-language.md runs against the dataset the page shows, and prints
/// exactly what the page says it prints: the examples cannot drift from the code. An example marked
/// <c>&lt;!-- rollups built --&gt;</c> runs after the dataset's rollups are built; the others read raw samples.
/// </summary>
public sealed partial class QueryLanguageExamplesTests
{
    /// <summary>now() in the examples: the end of the example dataset's hour.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, bool> Examples()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (Match example in ExampleBlocks().Matches(Page()))
        {
            data.Add(example.Groups["query"].Value.Trim(), example.Groups["output"].Value, example.Groups["rollups"].Success);
        }

        return data;
    }

    [Fact]
    public void The_page_has_a_dataset_and_examples() =>
        Assert.True(Examples().Count >= 10 && DatasetBlock().IsMatch(Page()), "docs/query-language.md lost its dataset or examples");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_prints_what_the_page_says(string query, string expected, bool rollupsBuilt)
    {
        using var folder = new TempFolder();
        // The storage clock is the real one: the dataset's hours are long closed, so building rolls them all up.
        using var engine = EmbeddedEngine.Open(folder.Path, new EngineOptions { Storage = new() { BackgroundJobs = false } });
        var dataset = DatasetBlock().Match(Page()).Groups["lines"].Value;
        Assert.False(engine.WriteLineProtocol(System.Text.Encoding.UTF8.GetBytes(dataset)).HasErrors);
        if (rollupsBuilt)
        {
            engine.Storage.BuildRollups();
        }

        var results = new QueryEngine(engine.Storage, new FixedClock(Now)).Execute(query);

        using var output = new StringWriter { NewLine = "\n" };
        ResultPrinter.Print(output, results, ResultFormat.Table);
        Assert.Equal(expected.TrimEnd(), output.ToString().TrimEnd());
    }

    private static string Page() => File.ReadAllText(RepositoryFolder.Combine("docs", "query-language.md")).ReplaceLineEndings("\n");

    [GeneratedRegex(@"<!-- example dataset -->\s*```text\n(?<lines>.*?)```", RegexOptions.Singleline)]
    private static partial Regex DatasetBlock();

    [GeneratedRegex(@"(?<rollups><!-- rollups built -->\s*)?```sql\n(?<query>.*?)```\s*```text\n(?<output>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlocks();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
