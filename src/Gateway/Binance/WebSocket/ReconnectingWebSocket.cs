using System.Net.WebSockets;
using System.Text.Json;

namespace QuantumTrader.Gateway.Binance.WebSocket;

/// <summary>State of a <see cref="ReconnectingWebSocket"/>.</summary>
public enum WebSocketConnectionState
{
    /// <summary>Not started.</summary>
    Idle = 0,

    /// <summary>Resolving the address or in the opening handshake.</summary>
    Connecting,

    /// <summary>Open; the session is reading messages.</summary>
    Open,

    /// <summary>Waiting out the back-off before the next attempt.</summary>
    BackingOff,

    /// <summary>Stopped for good (disposed).</summary>
    Stopped,
}

/// <summary>What a <see cref="ReconnectingWebSocket"/> runs on each connection (the market and the user stream).</summary>
public interface IWebSocketSession
{
    /// <summary>The address of the next attempt, or null when it cannot be made now (for example no listenKey):
    /// that counts as a failed attempt and is retried after the back-off.</summary>
    ValueTask<Uri?> NextUriAsync(CancellationToken ct);

    /// <summary>Runs one open connection: reads messages with <see cref="ReconnectingWebSocket.ReceiveMessageAsync"/>
    /// until the server closes (-1), the session decides to end it, or <paramref name="ct"/> stops the client.
    /// Returning (or throwing a network exception) ends the connection; the client then backs off and reconnects.</summary>
    Task RunAsync(ReconnectingWebSocket connection, CancellationToken ct);

    /// <summary>Called before every back-off wait (after a failed attempt or a lost connection).</summary>
    /// <param name="wait">The wait before the next attempt.</param>
    void OnDisconnected(TimeSpan wait);
}

/// <summary>Settings of a <see cref="ReconnectingWebSocket"/>.</summary>
public sealed record ReconnectOptions
{
    /// <summary>Longest opening handshake before the attempt counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First reconnect back-off; doubles per failed attempt up to <see cref="MaxBackoff"/>, jittered ±50%,
    /// and starts over after a connection opened.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Largest reconnect back-off (before jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Interval of client-initiated keep-alive frames (the client also answers server pings).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait for the close handshake (a planned close, a server's close, disposal).</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Initial size of the message buffer; it doubles when a message does not fit.</summary>
    public int InitialBufferBytes { get; init; } = 1 << 16;

    /// <summary>Largest message accepted; a bigger one closes the connection with MessageTooBig (fail closed).</summary>
    public int MaxMessageBytes { get; init; } = 16 << 20;
}

/// <summary>
/// One WebSocket client connection that keeps itself up: connects with a timeout, hands each connection to an
/// <see cref="IWebSocketSession"/> that reads whole messages into one reusable buffer, and after a failed attempt
/// or a lost connection waits a capped, jittered exponential back-off and connects again. Shared by
/// <see cref="BinanceMarketStream"/> and <c>BinanceUserStream</c>.
/// </summary>
/// <remarks>
/// One task owns the loop and the session; <see cref="ReceiveMessageAsync"/>, <see cref="Message"/> and
/// <see cref="CloseAsync"/> are for the session while its <see cref="IWebSocketSession.RunAsync"/> runs.
/// Counters may be read from any thread.
/// </remarks>
// Design: the jitter generator is handed in (seeded by the owner) rather than made here, so an owner that also
// jitters other waits (the market stream's snapshot back-off) keeps one deterministic sequence for a given seed.
public sealed class ReconnectingWebSocket : IAsyncDisposable
{
    private readonly ReconnectOptions _options;
    private readonly IWebSocketSession _session;
    private readonly Random _jitter;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private ClientWebSocket? _socket;
    private byte[] _buffer;
    private int _length;
    private volatile bool _closing;
    private int _state;
    private long _connects;
    private long _failedAttempts;
    private long _serverCloses;
    private long _disconnects;
    private long _oversizeMessages;
    private long _connectTimeouts;

    /// <summary>Creates the client (not started).</summary>
    /// <param name="options">Timeouts, back-off and buffer limits.</param>
    /// <param name="session">What runs on each connection.</param>
    /// <param name="jitter">Seeded generator of the back-off jitter.</param>
    public ReconnectingWebSocket(ReconnectOptions options, IWebSocketSession session, Random jitter)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _jitter = jitter ?? throw new ArgumentNullException(nameof(jitter));
        if (options.InitialBufferBytes <= 0 || options.MaxMessageBytes < options.InitialBufferBytes)
        {
            throw new ArgumentException("InitialBufferBytes must be positive and at most MaxMessageBytes", nameof(options));
        }

        _buffer = new byte[options.InitialBufferBytes];
    }

    /// <summary>The connection state.</summary>
    public WebSocketConnectionState State => (WebSocketConnectionState)Volatile.Read(ref _state);

    /// <summary>Connections opened so far.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Attempts that did not open a connection (no address, refused, handshake failed or timed out).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Attempts whose opening handshake did not finish within <see cref="ReconnectOptions.ConnectTimeout"/>.</summary>
    public long ConnectTimeouts => Interlocked.Read(ref _connectTimeouts);

    /// <summary>Connections the server closed with a close frame.</summary>
    public long ServerCloses => Interlocked.Read(ref _serverCloses);

    /// <summary>Back-off waits so far (one per failed attempt or lost connection).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    /// <summary>Messages refused for exceeding <see cref="ReconnectOptions.MaxMessageBytes"/>.</summary>
    public long OversizeMessages => Interlocked.Read(ref _oversizeMessages);

    /// <summary>The close status of the server's last close frame, null when none yet.</summary>
    public WebSocketCloseStatus? LastCloseStatus { get; private set; }

    /// <summary>The last connection error (diagnostics for the operator), null when none.</summary>
    public string? LastError { get; private set; }

    /// <summary>The last back-off wait (before the next attempt).</summary>
    public TimeSpan LastBackoff { get; private set; }

    /// <summary>The last message read by <see cref="ReceiveMessageAsync"/>; valid until the next read.</summary>
    public ReadOnlySpan<byte> Message => _buffer.AsSpan(0, _length);

    /// <summary>Starts the connection task.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>
    /// Reads one whole message (all its frames) into the reusable buffer (<see cref="Message"/>).
    /// </summary>
    /// <returns>Its length, or -1 when the server closed the connection.</returns>
    /// <exception cref="WebSocketException">The message exceeds <see cref="ReconnectOptions.MaxMessageBytes"/> (the connection is closed) or the socket failed.</exception>
    // Pooled builder: awaiting a frame that is not there yet does not allocate a state-machine box per message.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveMessageAsync(CancellationToken ct)
    {
        var socket = _socket ?? throw new InvalidOperationException("no open connection");
        _length = 0;
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                if (_buffer.Length >= _options.MaxMessageBytes)
                {
                    Interlocked.Increment(ref _oversizeMessages);
                    socket.Abort();
                    throw new WebSocketException(WebSocketError.Faulted, $"message larger than {_options.MaxMessageBytes} bytes");
                }

                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _options.MaxMessageBytes));
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                _length = length;
                return length;
            }
        }
    }

    /// <summary>Closes the current connection with a normal closure and waits (bounded by
    /// <see cref="ReconnectOptions.CloseTimeout"/>) for the server's reply; the session should return afterwards.</summary>
    public async Task CloseAsync(string reason, CancellationToken ct)
    {
        if (_socket is { } socket)
        {
            await CloseQuietlyAsync(socket, reason, outputOnly: false, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Aborts the current connection at once (no close handshake).</summary>
    public void Abort() => _socket?.Abort();

    /// <summary>Closes the connection cleanly (bounded) and stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        if (_socket is { State: WebSocketState.Open } socket)
        {
            // Output only: the session's pending receive sees the server's reply and returns.
            await CloseQuietlyAsync(socket, "closing", outputOnly: true, CancellationToken.None).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping
            }
        }

        Volatile.Write(ref _state, (int)WebSocketConnectionState.Stopped);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var backoff = _options.InitialBackoff;
        while (!Stopping(ct))
        {
            var connected = false;
            try
            {
                Volatile.Write(ref _state, (int)WebSocketConnectionState.Connecting);
                var uri = await _session.NextUriAsync(ct).ConfigureAwait(false);
                if (uri is null)
                {
                    LastError = "no address for the next connection";
                }
                else
                {
                    using var socket = new ClientWebSocket();
                    socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
                    {
                        timeout.CancelAfter(_options.ConnectTimeout);
                        try
                        {
                            await socket.ConnectAsync(uri, timeout.Token).ConfigureAwait(false);
                        }
                        catch (Exception) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref _connectTimeouts);
                            throw new WebSocketException(WebSocketError.Faulted, $"no opening handshake within {_options.ConnectTimeout.TotalMilliseconds:0} ms");
                        }
                    }

                    connected = true;
                    backoff = _options.InitialBackoff;
                    _socket = socket;
                    Interlocked.Increment(ref _connects);
                    Volatile.Write(ref _state, (int)WebSocketConnectionState.Open);
                    try
                    {
                        await _session.RunAsync(this, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        _socket = null;
                        _length = 0;
                    }

                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        // The server closed: answer its close frame so the connection ends cleanly.
                        Interlocked.Increment(ref _serverCloses);
                        LastCloseStatus = socket.CloseStatus;
                        LastError = "closed by the server: " + socket.CloseStatus + " " + socket.CloseStatusDescription;
                        await CloseQuietlyAsync(socket, "closed by the server", outputOnly: true, ct).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or HttpRequestException or JsonException)
            {
                // Diagnostics only; reconnect below.
                LastError = ex.GetType().Name + ": " + ex.Message + (ex.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty);
            }

            if (!connected)
            {
                Interlocked.Increment(ref _failedAttempts);
            }

            if (Stopping(ct))
            {
                break;
            }

            // Jitter ±50% so many clients (or symbols) do not reconnect in lock-step.
            var wait = TimeSpan.FromTicks((long)(backoff.Ticks * (0.5 + _jitter.NextDouble())));
            LastBackoff = wait;
            Interlocked.Increment(ref _disconnects);
            Volatile.Write(ref _state, (int)WebSocketConnectionState.BackingOff);
            _session.OnDisconnected(wait);
            try
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (!connected)
            {
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    private bool Stopping(CancellationToken ct) => _closing || ct.IsCancellationRequested;

    private async Task CloseQuietlyAsync(ClientWebSocket socket, string reason, bool outputOnly, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.CloseTimeout);
        try
        {
            if (socket.State == WebSocketState.CloseReceived || (outputOnly && socket.State == WebSocketState.Open))
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token).ConfigureAwait(false);
            }
            else if (socket.State == WebSocketState.Open)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The peer is gone or slow: the socket is disposed (aborted) with the connection.
            socket.Abort();
        }
    }
}
