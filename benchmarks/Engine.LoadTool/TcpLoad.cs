using System.Net;
using System.Net.Sockets;

namespace Engine.LoadTool;

/// <summary>Streams runs of whole lines over one TCP connection each, all connections at once.</summary>
internal static class TcpLoad
{
    /// <summary>Bytes handed to the socket per send: large, so that the client costs little CPU.</summary>
    private const int SendBytes = 1 << 20;

    public static Task SendAsync(IPEndPoint server, IReadOnlyList<ReadOnlyMemory<byte>> parts, CancellationToken cancellation) =>
        Task.WhenAll(parts.Select(part => SendPartAsync(server, part, cancellation)));

    private static async Task SendPartAsync(IPEndPoint server, ReadOnlyMemory<byte> part, CancellationToken cancellation)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cancellation).ConfigureAwait(false);
        for (var offset = 0; offset < part.Length; offset += SendBytes)
        {
            var piece = part.Slice(offset, Math.Min(SendBytes, part.Length - offset));
            while (!piece.IsEmpty)
            {
                piece = piece[await socket.SendAsync(piece, SocketFlags.None, cancellation).ConfigureAwait(false)..];
            }
        }

        // The kernel delivers what was sent before the FIN; the server's counters say when it is stored.
        socket.Shutdown(SocketShutdown.Send);
    }
}
