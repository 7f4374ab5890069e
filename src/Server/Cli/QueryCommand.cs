using System.CommandLine;
using Engine.Server.Cli.Querying;

namespace Engine.Server.Cli;

/// <summary><c>engine query "&lt;q&gt;"</c>: runs statements against a data folder or a server and prints the results.</summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var query = new Argument<string>("query") { Description = "one or more statements separated by ';'" };
        var target = new QueryTargetOptions();
        var command = new Command("query", "Run a query against a data folder (read-only) or a running server") { query };
        target.AddTo(command);
        command.SetAction(parse =>
        {
            var text = parse.GetValue(query)!;
            using var source = target.Open(parse);
            try
            {
                var results = source.Execute(text);
                ResultPrinter.Print(Console.Out, results, parse.GetValue(target.Format));
                return results.Any(r => r.Error is not null) ? 1 : 0;
            }
            catch (QueryFailedException e)
            {
                Console.Error.WriteLine(ErrorCaret.Render(text, e.Message));
                return 1;
            }
        });
        return command;
    }
}
