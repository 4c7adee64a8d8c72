using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;

namespace QuantumTrader.Gateway.Tests.Binance.WebSocket;

/// <summary>
/// A tiny WebSocket server on 127.0.0.1:0 for client tests: answers the opening handshake by hand, then hands the
/// server side of each connection to the test, which sends fragments, closes or drops as the case needs.
/// Handshakes can be refused (HTTP 503) or left unanswered to make attempts fail.
/// </summary>
internal sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private const string Guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<System.Net.WebSockets.WebSocket> _accepted = Channel.CreateUnbounded<System.Net.WebSockets.WebSocket>();
    private readonly List<TcpClient> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private int _refuse;
    private int _ignore;
    private int _handshakes;

    public LoopbackWebSocketServer()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Uri => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/ws");

    /// <summary>Opening handshakes received (answered, refused or ignored).</summary>
    public int Handshakes => Volatile.Read(ref _handshakes);

    /// <summary>Answers the next <paramref name="n"/> handshakes with HTTP 503.</summary>
    public void RefuseNext(int n) => Interlocked.Add(ref _refuse, n);

    /// <summary>Never answers the next <paramref name="n"/> handshakes (the client's connect timeout fires).</summary>
    public void IgnoreNext(int n) => Interlocked.Add(ref _ignore, n);

    /// <summary>The server side of the next accepted connection.</summary>
    public async Task<System.Net.WebSockets.WebSocket> NextAsync(TimeSpan timeout)
        => await _accepted.Reader.ReadAsync(_stop.Token).AsTask().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = HandshakeAsync(client);
        }
    }

    private async Task HandshakeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var request = await ReadHeadAsync(stream);
            Interlocked.Increment(ref _handshakes);
            if (TryTake(ref _ignore))
            {
                return; // leave the client waiting
            }

            if (TryTake(ref _refuse))
            {
                await stream.WriteAsync("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
                client.Dispose();
                return;
            }

            var key = request.Split("\r\n").First(l => l.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
            var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + Guid)));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"), _stop.Token);
            var socket = System.Net.WebSockets.WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            await _accepted.Writer.WriteAsync(socket, _stop.Token);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            client.Dispose();
        }
    }

    private static bool TryTake(ref int counter)
    {
        while (true)
        {
            var n = Volatile.Read(ref counter);
            if (n == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, n - 1, n) == n)
            {
                return true;
            }
        }
    }

    private async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("client closed during the handshake");
            }

            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }
}
