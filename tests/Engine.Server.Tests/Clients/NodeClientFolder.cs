using System.ComponentModel;
using System.Diagnostics;

namespace Engine.Server.Tests.Clients;

/// <summary>
/// A folder under <c>tests/clients/</c> holding a Node.js script and its npm dependencies, installed by
/// <c>npm ci</c> (which <c>.ci/run</c> does). A missing install fails the test with the command that fixes
/// it: a third-party client test that skipped itself would look green while testing nothing.
/// </summary>
internal sealed class NodeClientFolder
{
    private NodeClientFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>The folder <c>tests/clients/NAME</c> of the repository these tests were built from, with its packages installed.</summary>
    public static NodeClientFolder Find(string name)
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(System.IO.Path.Combine(repository.FullName, "Engine.sln")))
        {
            repository = repository.Parent;
        }

        if (repository is null)
        {
            throw new InvalidOperationException($"no Engine.sln above {AppContext.BaseDirectory}: cannot find tests/clients/{name}");
        }

        var folder = System.IO.Path.Combine(repository.FullName, "tests", "clients", name);
        if (!Directory.Exists(System.IO.Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException($"{folder}/node_modules is missing: run `npm ci --prefix {folder}` (.ci/run does) before the tests");
        }

        return new NodeClientFolder(folder);
    }

    /// <summary>Runs <c>node SCRIPT ARGS</c> in the folder; returns its exit code and what it printed.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node", [script, .. args])
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot start node ({e.Message}): Node.js 20 or newer must be on PATH", e);
        }

        using var started = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
