using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;

namespace Engine.Server.Tests.Serving;

/// <summary>
/// A real <c>engine serve</c> child process on loopback with ports picked by the OS. Startup is
/// awaited by reading its <c>listening</c> and <c>ready</c> lines, shutdown by its exit: no sleeps.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _errors;

    private ServerProcess(Process process, StringBuilder errors, IPEndPoint tcp, Uri http)
    {
        _process = process;
        _errors = errors;
        Tcp = tcp;
        Http = new HttpClient { BaseAddress = http };
    }

    public IPEndPoint Tcp { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the server wrote to standard error so far.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(string data, params string[] extraArgs)
    {
        var process = EngineProcess.Start(["serve", "--data", data, "--tcp", "127.0.0.1:0", "--http", "127.0.0.1:0", .. extraArgs]);
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.Append(e.Data).Append('\n');
            }
        };
        process.BeginErrorReadLine();

        string? tcp = null, http = null;
        using var timeout = new CancellationTokenSource(s_startTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line && line != "ready")
        {
            var parts = line.Split(' ');
            if (parts is ["listening", "tcp", var address])
            {
                tcp = address;
            }
            else if (parts is ["listening", "http", var url])
            {
                http = url;
            }
        }

        if (tcp is null || http is null)
        {
            await process.WaitForExitAsync(timeout.Token);
            lock (errors)
            {
                throw new InvalidOperationException($"engine serve did not get ready (exit code {process.ExitCode}): {errors}");
            }
        }

        return new ServerProcess(process, errors, IPEndPoint.Parse(tcp), new Uri(http));
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        Assert.Equal(0, Kill(_process.Id, SigTerm));
        using var timeout = new CancellationTokenSource(s_stopTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or power cut (of the process, not the OS).</summary>
    public async Task KillHardAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        Http.Dispose();
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
