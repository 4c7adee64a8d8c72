using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using QuantumTrader.Gateway.Binance.WebSocket;

namespace QuantumTrader.Gateway.Tests.Binance.WebSocket;

/// <summary>The shared reconnecting client against a loopback WebSocket server the test drives frame by frame.</summary>
[Trait("Category", "Integration")]
public sealed class ReconnectingWebSocketTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private sealed class RecordingSession(Uri uri) : IWebSocketSession
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ConcurrentQueue<TimeSpan> Waits { get; } = new();

        public int ClosesSeen;

        public ValueTask<Uri?> NextUriAsync(CancellationToken ct) => ValueTask.FromResult<Uri?>(uri);

        public async Task RunAsync(ReconnectingWebSocket connection, CancellationToken ct)
        {
            while (true)
            {
                var n = await connection.ReceiveMessageAsync(ct);
                if (n < 0)
                {
                    Interlocked.Increment(ref ClosesSeen);
                    return;
                }

                Assert.Equal(n, connection.Message.Length);
                Messages.Enqueue(Encoding.UTF8.GetString(connection.Message));
            }
        }

        public void OnDisconnected(TimeSpan wait) => Waits.Enqueue(wait);
    }

    // The connect timeout is long (a loaded 2-core machine can take seconds for a loopback handshake, and an extra
    // timed-out attempt would change the counts the tests assert) except in the test of the timeout itself.
    private static ReconnectOptions Options(int initialMs = 10, int maxMs = 40, int bufferBytes = 1 << 16, int connectTimeoutMs = 10_000) => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(initialMs),
        MaxBackoff = TimeSpan.FromMilliseconds(maxMs),
        ConnectTimeout = TimeSpan.FromMilliseconds(connectTimeoutMs),
        InitialBufferBytes = bufferBytes,
        KeepAliveInterval = TimeSpan.Zero,
    };

    private static async Task Until(Func<bool> condition, Func<string> message)
    {
        var deadline = Environment.TickCount64 + (long)Wait.TotalMilliseconds;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met in time: " + message());
            await Task.Delay(5);
        }
    }

    private static Task Send(System.Net.WebSockets.WebSocket server, string text, bool end)
        => server.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, end, CancellationToken.None).WaitAsync(Wait);

    [Fact(Timeout = 30_000)]
    public async Task Receive_MessageSplitAcrossFrames_JoinedIntoOneMessage()
    {
        await using var server = new LoopbackWebSocketServer();
        var session = new RecordingSession(server.Uri);
        // A 16-byte first buffer: the second message does not fit and the buffer grows mid-message.
        await using var client = new ReconnectingWebSocket(Options(bufferBytes: 16), session, new Random(1));
        client.Start();
        var peer = await server.NextAsync(Wait);

        await Send(peer, "{\"e\":\"tr", end: false);
        await Send(peer, "ade\",\"p\":", end: false);
        await Send(peer, "\"1.5\"}", end: true);
        var big = "{\"data\":\"" + new string('x', 100) + "\"}";
        await Send(peer, big[..50], end: false);
        await Send(peer, big[50..], end: true);
        await Send(peer, "{}", end: true);

        await Until(() => session.Messages.Count == 3, () => string.Join(" | ", session.Messages));
        Assert.Equal(["{\"e\":\"trade\",\"p\":\"1.5\"}", big, "{}"], session.Messages.ToArray());
        Assert.Equal(1, client.Connects);
        Assert.Equal(WebSocketConnectionState.Open, client.State);
    }

    [Fact(Timeout = 30_000)]
    public async Task ServerClose_SeenByTheSessionCountedAndReconnected()
    {
        await using var server = new LoopbackWebSocketServer();
        var session = new RecordingSession(server.Uri);
        await using var client = new ReconnectingWebSocket(Options(), session, new Random(1));
        client.Start();
        var peer = await server.NextAsync(Wait);

        await peer.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "going away", CancellationToken.None).WaitAsync(Wait);
        // The client answers the close frame: the server's receive sees it.
        var reply = await peer.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(WebSocketMessageType.Close, reply.MessageType);

        await Until(() => client.Connects == 2, () => $"connects {client.Connects} error {client.LastError}");
        Assert.Equal(1, session.ClosesSeen);
        Assert.Equal(1, client.ServerCloses);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.LastCloseStatus);
        var next = await server.NextAsync(Wait);
        await Send(next, "{\"again\":1}", end: true);
        await Until(() => session.Messages.Count == 1, () => "no message on the new connection");
    }

    [Fact(Timeout = 30_000)]
    public async Task DroppedConnection_ReconnectsWithCappedJitteredExponentialBackoff()
    {
        await using var server = new LoopbackWebSocketServer();
        var session = new RecordingSession(server.Uri);
        const int seed = 7;
        await using var client = new ReconnectingWebSocket(Options(initialMs: 10, maxMs: 40), session, new Random(seed));
        client.Start();
        var peer = await server.NextAsync(Wait);

        // Drop the connection (no close frame), then refuse four handshakes before accepting again.
        server.RefuseNext(4);
        peer.Abort();
        var back = await server.NextAsync(Wait);
        await Until(() => client.Connects == 2, () => $"connects {client.Connects} error {client.LastError}");

        Assert.Equal(4, client.FailedAttempts);
        Assert.Equal(5, client.Disconnects);
        Assert.Equal(0, session.ClosesSeen);
        // Nominal waits: after the lost connection the first back-off, then doubling per refused attempt, capped
        // at MaxBackoff; each jittered by the same seeded sequence.
        var twin = new Random(seed);
        var expected = new[] { 10, 10, 20, 40, 40 }
            .Select(ms => TimeSpan.FromTicks((long)(TimeSpan.FromMilliseconds(ms).Ticks * (0.5 + twin.NextDouble()))))
            .ToArray();
        Assert.Equal(expected, session.Waits.ToArray());
        Assert.Equal(6, server.Handshakes);

        // The back-off starts over after the new connection opened: the next drop waits the first back-off again.
        back.Abort();
        await Until(() => client.Connects == 3, () => $"connects {client.Connects} error {client.LastError}");
        Assert.Equal(TimeSpan.FromTicks((long)(TimeSpan.FromMilliseconds(10).Ticks * (0.5 + twin.NextDouble()))), session.Waits.ToArray()[5]);
    }

    [Fact(Timeout = 30_000)]
    public async Task Connect_HandshakeNeverAnswered_TimesOutAndRetries()
    {
        await using var server = new LoopbackWebSocketServer();
        server.IgnoreNext(1);
        var session = new RecordingSession(server.Uri);
        await using var client = new ReconnectingWebSocket(Options(connectTimeoutMs: 3_000), session, new Random(1));
        client.Start();

        _ = await server.NextAsync(Wait);
        // The server answered before the client saw the answer: wait for the client's side.
        await Until(() => client.Connects == 1, () => $"connects {client.Connects} error {client.LastError}");
        Assert.Equal(1, client.FailedAttempts);
        Assert.Equal(1, client.ConnectTimeouts);
        Assert.Equal(2, server.Handshakes);
    }

    [Fact(Timeout = 30_000)]
    public async Task Dispose_OpenConnection_ClosesWithNormalClosureAndStops()
    {
        await using var server = new LoopbackWebSocketServer();
        var session = new RecordingSession(server.Uri);
        var client = new ReconnectingWebSocket(Options(), session, new Random(1));
        client.Start();
        var peer = await server.NextAsync(Wait);
        await Until(() => client.State == WebSocketConnectionState.Open, () => client.State.ToString());

        var closing = client.DisposeAsync().AsTask();
        var frame = await peer.ReceiveAsync(new byte[16], CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(WebSocketMessageType.Close, frame.MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, peer.CloseStatus);
        await peer.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(Wait);
        await closing.WaitAsync(Wait);

        Assert.Equal(WebSocketConnectionState.Stopped, client.State);
        Assert.Equal(1, client.Connects);
        Assert.Empty(session.Waits);
    }
}
