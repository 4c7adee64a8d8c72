using System.Net.WebSockets;
using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Http;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Gateway.Binance.UserData;

/// <summary>
/// The listenKey user-data stream: creates the key (<c>POST /fapi/v1/listenKey</c>), connects to
/// <c>/private/ws/&lt;key&gt;</c>, keeps the key alive (<c>PUT</c> every 30 min), and on listenKeyExpired, -1125
/// or a dropped socket creates a new key and reconnects. Events go through <see cref="UserDataParser"/>;
/// connection changes are published as <see cref="AccountUpdateCode.UserStreamConnected"/> /
/// <see cref="AccountUpdateCode.UserStreamDisconnected"/> so the core reconciles over REST (missed events are not replayed).
/// </summary>
/// <remarks>Use a <see cref="BinanceRestClient"/> of its own: a REST client is driven by one task.</remarks>
public sealed class BinanceUserStream : IAsyncDisposable
{
    private readonly UserStreamOptions _options;
    private readonly BinanceRestClient _rest;
    private readonly IInputSink _sink;
    private readonly IClock _clock;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private byte[] _buffer = new byte[1 << 14];
    private long _connects;

    /// <summary>Creates the stream (not started).</summary>
    public BinanceUserStream(UserStreamOptions options, BinanceRestClient rest, InstrumentRegistry instruments, IInputSink sink, IClock clock)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        Parser = new UserDataParser(instruments, sink);
    }

    /// <summary>The event parser (counters).</summary>
    public UserDataParser Parser { get; }

    /// <summary>Connections made so far.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Starts the stream task.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
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

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var backoff = _options.InitialBackoff;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var key = await CreateKeyAsync(ct).ConfigureAwait(false);
                if (key is not null)
                {
                    using var socket = new ClientWebSocket();
                    await socket.ConnectAsync(new Uri(_options.WebSocketBase, $"/private/ws/{key}"), ct).ConfigureAwait(false);
                    Interlocked.Increment(ref _connects);
                    backoff = _options.InitialBackoff;
                    Publish(AccountUpdateCode.UserStreamConnected);
                    await ReceiveAsync(socket, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or HttpRequestException or OperationCanceledException or JsonException)
            {
                // reconnect below
            }

            Publish(AccountUpdateCode.UserStreamDisconnected);
            try
            {
                await Task.Delay(backoff, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
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

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var expirations = Parser.ListenKeyExpirations;

        // Keep-alive beside the reader: cancelling a pending receive would abort the socket.
        using var keepAliveStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var keepAlive = KeepAliveAsync(socket, keepAliveStop.Token);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var length = await ReadAsync(socket, ct).ConfigureAwait(false);
                if (length < 0)
                {
                    return;
                }

                Parser.OnMessage(_buffer.AsSpan(0, length), _clock.NowNanos);
                if (Parser.ListenKeyExpirations != expirations)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "listenKey expired", ct).ConfigureAwait(false);
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

    private async Task KeepAliveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_options.KeepAliveEvery, ct).ConfigureAwait(false);
            var response = await _rest.KeepAliveListenKeyAsync(ct).ConfigureAwait(false);
            if (response.Code == -1125)
            {
                socket.Abort(); // the key is gone: the reader ends, the loop creates a new key and reconnects
                return;
            }
        }
    }

    private async Task<int> ReadAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var length = 0;
        while (true)
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(length), ct).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return -1;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length;
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
