using System.Diagnostics;

namespace Engine.Server.Tests;

/// <summary>Runs the real <c>engine</c> executable as a child process.</summary>
internal static class EngineProcess
{
    public static string EngineDll => Path.Combine(AppContext.BaseDirectory, "engine.dll");

    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [EngineDll, .. args])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(start)!;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string[] args, string? input = null)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
