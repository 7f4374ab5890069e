using System.ComponentModel;
using System.Diagnostics;

namespace Engine.Server.Tests.Clients;

/// <summary>
/// A folder under <c>tests/clients/</c> holding a Node.js script and its npm dependencies, installed
/// by <c>npm ci</c> on first use (<c>.ci/run</c> does it ahead). A failed install fails the test: a
/// third-party client test that skipped itself would look green while testing nothing.
/// </summary>
internal sealed class NodeClientFolder
{
    private NodeClientFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>The folder <c>tests/clients/NAME</c> of this checkout, its packages installed by <c>npm ci</c> if they are not yet.</summary>
    public static async Task<NodeClientFolder> FindAsync(string name)
    {
        var folder = RepositoryFolder.Combine("tests", "clients", name);
        await ToolInstall.EnsureAsync(() => Directory.Exists(System.IO.Path.Combine(folder, "node_modules")), folder, "npm", "ci", "--no-audit", "--no-fund");
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
