using System.CommandLine;
using Engine.Server.Cli;
using Engine.Storage;
using Engine.Storage.IO;

namespace Engine.Server;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Engine: an embedded time-series database for metrics")
        {
            ImportCommand.Create(),
            ExportCommand.Create(),
            CheckCommand.Create(),
            StatsCommand.Create(),
            CompactCommand.Create(),
            ServeCommand.Create(),
            QueryCommand.Create(),
            ReplCommand.Create(),
        };
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is DataFolderLockedException or CorruptDataException or DirectoryNotFoundException
                                      or FileNotFoundException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"engine: {e.Message}");
            return 2;
        }
    }
}
