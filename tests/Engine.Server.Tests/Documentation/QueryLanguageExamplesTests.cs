using System.Text.RegularExpressions;
using Engine.Ingest;
using Engine.Query;
using Engine.Server.Cli.Querying;

namespace Engine.Server.Tests.Documentation;

/// <summary>
/// Every example in docs/query-language.md runs against the dataset the page shows, and prints
/// exactly what the page says it prints: the examples cannot drift from the code.
/// </summary>
public sealed partial class QueryLanguageExamplesTests
{
    /// <summary>now() in the examples: the end of the example dataset's hour.</summary>
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 1, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        foreach (Match example in ExampleBlocks().Matches(Page()))
        {
            data.Add(example.Groups["query"].Value.Trim(), example.Groups["output"].Value);
        }

        return data;
    }

    [Fact]
    public void The_page_has_a_dataset_and_examples() =>
        Assert.True(Examples().Count >= 10 && DatasetBlock().IsMatch(Page()), "docs/query-language.md lost its dataset or examples");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_prints_what_the_page_says(string query, string expected)
    {
        using var folder = new TempFolder();
        using var engine = EmbeddedEngine.Open(folder.Path);
        var dataset = DatasetBlock().Match(Page()).Groups["lines"].Value;
        Assert.False(engine.WriteLineProtocol(System.Text.Encoding.UTF8.GetBytes(dataset)).HasErrors);
        var results = new QueryEngine(engine.Storage, new FixedClock(Now)).Execute(query);

        using var output = new StringWriter { NewLine = "\n" };
        ResultPrinter.Print(output, results, ResultFormat.Table);
        Assert.Equal(expected.TrimEnd(), output.ToString().TrimEnd());
    }

    private static string Page() => File.ReadAllText(RepositoryFolder.Combine("docs", "query-language.md")).ReplaceLineEndings("\n");

    [GeneratedRegex(@"<!-- example dataset -->\s*```text\n(?<lines>.*?)```", RegexOptions.Singleline)]
    private static partial Regex DatasetBlock();

    [GeneratedRegex(@"```sql\n(?<query>.*?)```\s*```text\n(?<output>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlocks();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
