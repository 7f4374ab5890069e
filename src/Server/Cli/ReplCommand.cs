using System.CommandLine;
using Engine.Server.Cli.Querying;

namespace Engine.Server.Cli;

/// <summary><c>engine repl</c>: an interactive query shell, or a script runner when stdin is redirected.</summary>
internal static class ReplCommand
{
    public static Command Create()
    {
        var target = new QueryTargetOptions();
        var command = new Command("repl", "Interactive query shell against a data folder (read-only) or a running server");
        target.AddTo(command);
        command.SetAction(parse =>
        {
            using var source = target.Open(parse);
            var interactive = !Console.IsInputRedirected;
            var history = new ReplHistory(interactive ? ReplHistory.DefaultPath : null);
            return new ReplSession(source, Console.In, Console.Out, interactive, history, parse.GetValue(target.Format)).Run();
        });
        return command;
    }
}
