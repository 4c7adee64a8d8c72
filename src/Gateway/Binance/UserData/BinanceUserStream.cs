using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Gateway.Binance.WebSocket;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.UserData;

/// <summary>
/// The listenKey user-data stream: creates the key (<c>POST /fapi/v1/listenKey</c>), connects to
/// <c>/private/ws/&lt;key&gt;</c>, keeps the key alive (<c>PUT</c> every 30 min), and on listenKeyExpired, -1125
/// or a dropped socket creates a new key and reconnects (the shared <see cref="ReconnectingWebSocket"/>). Events go through <see cref="UserDataParser"/>;
/// connection changes are published as <see cref="AccountUpdateCode.UserStreamConnected"/> /
/// <see cref="AccountUpdateCode.UserStreamDisconnected"/> so the core reconciles over REST (missed events are not replayed).
/// </summary>
/// <remarks>Use a <see cref="BinanceRestClient"/> of its own: a REST client is driven by one task.</remarks>
public sealed class BinanceUserStream : IAsyncDisposable, IWebSocketSession
{
    private readonly UserStreamOptions _options;
    private readonly BinanceRestClient _rest;
    private readonly IInputSink _sink;
    private readonly IClock _clock;
    private readonly ReconnectingWebSocket _connection;

    /// <summary>Creates the stream (not started).</summary>
    public BinanceUserStream(UserStreamOptions options, BinanceRestClient rest, InstrumentRegistry instruments, IInputSink sink, IClock clock)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Parser = new UserDataParser(instruments, sink);
        _connection = new ReconnectingWebSocket(
            new ReconnectOptions
            {
                InitialBackoff = options.InitialBackoff,
                MaxBackoff = options.MaxBackoff,
                ConnectTimeout = options.ConnectTimeout,
                InitialBufferBytes = 1 << 14,
            },
            this,
            new Random(options.JitterSeed));
    }

    /// <summary>The event parser (counters).</summary>
    public UserDataParser Parser { get; }

    /// <summary>Connections made so far.</summary>
    public long Connects => _connection.Connects;

    /// <summary>The underlying connection (state, attempts, server closes, back-off).</summary>
    public ReconnectingWebSocket Connection => _connection;

    /// <summary>Starts the stream task.</summary>
    public void Start() => _connection.Start();

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    /// <inheritdoc />
    async ValueTask<Uri?> IWebSocketSession.NextUriAsync(CancellationToken ct)
    {
        // A new listenKey per connection: after expiry, -1125 or a dropped socket the old one may be gone.
        var key = await CreateKeyAsync(ct).ConfigureAwait(false);
        return key is null ? null : new Uri(_options.WebSocketBase, $"/private/ws/{key}");
    }

    /// <inheritdoc />
    void IWebSocketSession.OnDisconnected(TimeSpan wait) => Publish(AccountUpdateCode.UserStreamDisconnected);

    /// <inheritdoc />
    async Task IWebSocketSession.RunAsync(ReconnectingWebSocket connection, CancellationToken ct)
    {
        Publish(AccountUpdateCode.UserStreamConnected);
        var expirations = Parser.ListenKeyExpirations;

        // Keep-alive beside the reader: cancelling a pending receive would abort the socket.
        using var keepAliveStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keepAlive = KeepAliveAsync(connection, keepAliveStop.Token);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var length = await connection.ReceiveMessageAsync(ct).ConfigureAwait(false);
                if (length < 0)
                {
                    return;
                }

                Parser.OnMessage(connection.Message, _clock.NowNanos);
                if (Parser.ListenKeyExpirations != expirations)
                {
                    await connection.CloseAsync("listenKey expired", ct).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            await keepAliveStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await keepAlive.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped with the connection
            }
        }
    }

    private async Task<string?> CreateKeyAsync(CancellationToken ct)
    {
        var response = await _rest.CreateListenKeyAsync(ct).ConfigureAwait(false);
        if (response.Outcome != RestOutcome.Ok)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(response.Body);
        return doc.RootElement.TryGetProperty("listenKey", out var k) ? k.GetString() : null;
    }

    private async Task KeepAliveAsync(ReconnectingWebSocket connection, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_options.KeepAliveEvery, ct).ConfigureAwait(false);
            var response = await _rest.KeepAliveListenKeyAsync(ct).ConfigureAwait(false);
            if (response.Code == -1125)
            {
                connection.Abort(); // the key is gone: the reader ends, the client creates a new key and reconnects
                return;
            }
        }
    }

    private void Publish(AccountUpdateCode code)
    {
        var evt = default(InputEvent);
        evt.Kind = InputKind.AccountUpdate;
        evt.Venue = Venue.BinanceUsdM;
        evt.Code = (ushort)code;
        evt.ReceiveTimeNs = _clock.NowNanos;
        _sink.Publish(in evt);
    }
}
