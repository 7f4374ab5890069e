using System.ComponentModel;
using System.Diagnostics;

namespace Engine.Server.Tests;

/// <summary>
/// Installs what a third-party client test needs, once per test run, so that the README's one test
/// command works on a fresh machine; a failure names the command and its output instead of letting
/// the test skip itself and look green.
/// </summary>
internal static class ToolInstall
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> unless <paramref name="done"/> already holds.</summary>
    public static async Task EnsureAsync(Func<bool> done, string workingDirectory, string file, params string[] args)
    {
        await s_gate.WaitAsync();
        try
        {
            if (done())
            {
                return;
            }

            var (exitCode, output) = await RunAsync(workingDirectory, file, args);
            if (exitCode != 0 || !done())
            {
                throw new InvalidOperationException($"`{file} {string.Join(' ', args)}` in {workingDirectory} failed ({exitCode}): {output}");
            }
        }
        finally
        {
            s_gate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string file, string[] args)
    {
        var start = new ProcessStartInfo(file, args) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"cannot run {file} ({e.Message}): it must be on PATH", e);
        }
    }
}
