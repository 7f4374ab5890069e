using System.Runtime.InteropServices;

namespace Engine.Server.Serving;

/// <summary>
/// SIGINT and SIGTERM for a server: the first one completes <see cref="Requested"/> so the server
/// can stop accepting, finish what it received and close the data folder; a second one exits at
/// once (an operator who asks twice does not want to wait, and the WAL keeps committed points safe).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public ShutdownSignal(TextWriter log)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, log)),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, log)),
        ];
    }

    /// <summary>Completes at the first signal.</summary>
    public Task Requested => _requested.Task;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context, TextWriter log)
    {
        context.Cancel = true; // the runtime's default would end the process before the data folder is closed
        if (Interlocked.Increment(ref _signals) == 1)
        {
            log.WriteLine($"{context.Signal}: shutting down (send it again to exit at once)");
            _requested.TrySetResult();
            return;
        }

        log.WriteLine($"{context.Signal} again: exiting without closing the data folder; the WAL is replayed at the next start");
        Environment.Exit(context.Signal == PosixSignal.SIGINT ? 130 : 143);
    }
}
