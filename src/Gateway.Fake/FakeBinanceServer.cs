using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Fake;

/// <summary>
/// A fake Binance USDⓈ-M server on 127.0.0.1 (Kestrel, port 0): the same URLs, the same checks (API key,
/// HMAC signature over the exact query bytes with <c>signature</c> last, timestamp vs recvWindow and the
/// +1 s rule), the same filters and error codes, weight and order-count headers, orders and positions,
/// market orders filled against its own book, routed market-data WebSockets (<c>/public</c>,
/// <c>/market</c>) and fault injection (<see cref="Faults"/>).
/// </summary>
public sealed class FakeBinanceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeBinanceOptions _options;
    private readonly HmacSha256Signer _signer;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<long, StreamClient> _clients = new();
    private readonly ConcurrentDictionary<string, string> _snapshots = new(StringComparer.Ordinal);
    private long _clientIds;
    private long _depthRequests;
    private readonly FakeDepthBooks? _books;
    private int _weightMinute;
    private long _weightWindow;
    private int _orders10s;
    private long _orders10sWindow;
    private int _orders1m;
    private long _orders1mWindow;
    private readonly object _countersGate = new();
    private readonly ConcurrentDictionary<long, StreamClient> _privateClients = new();
    private readonly object _keyGate = new();
    private string? _listenKey;
    private int _listenKeySerial;

    private sealed class StreamClient
    {
        public required WebSocket Socket { get; init; }
        public required string Route { get; init; }
        public required ConcurrentDictionary<string, bool> Streams { get; init; }
        public SemaphoreSlim SendGate { get; } = new(1, 1);
        public TaskCompletionSource Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private FakeBinanceServer(WebApplication app, FakeBinanceOptions options)
    {
        _app = app;
        _options = options;
        _signer = new HmacSha256Signer(options.SecretKey);
        _books = options.DepthSnapshotsFromStream ? new FakeDepthBooks() : null;
        Exchange = new FakeExchange(options.Symbols);
    }

    /// <summary>Faults to inject.</summary>
    public FakeFaults Faults { get; } = new();

    /// <summary>The business state.</summary>
    public FakeExchange Exchange { get; }

    /// <summary>REST base, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri RestBase { get; private set; } = null!;

    /// <summary>WebSocket base, e.g. <c>ws://127.0.0.1:41234</c>.</summary>
    public Uri WebSocketBase { get; private set; } = null!;

    /// <summary>Every request as <c>METHOD path?query</c>, in arrival order.</summary>
    public IReadOnlyList<string> RequestLog => _log.ToArray();

    /// <summary><c>GET /fapi/v1/depth</c> requests received so far (answered or not).</summary>
    public long DepthSnapshotRequests => Interlocked.Read(ref _depthRequests);

    /// <summary>Market-data WebSocket connections accepted so far.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _clientIds);

    /// <summary>Market-data WebSocket connections open now.</summary>
    public int OpenConnections => _clients.Count;

    /// <summary>Starts a server on 127.0.0.1 with an ephemeral port.</summary>
    public static async Task<FakeBinanceServer> StartAsync(FakeBinanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new FakeBinanceServer(app, options);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server.RestBase = new Uri($"http://127.0.0.1:{port}");
        server.WebSocketBase = new Uri($"ws://127.0.0.1:{port}");
        return server;
    }

    /// <summary>Sets the body served by <c>GET /fapi/v1/depth</c> for a symbol.</summary>
    public void SetDepthSnapshot(string symbol, string body)
    {
        _snapshots[symbol] = body;
        _books?.OnSnapshot(symbol, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Sends <c>{"stream":…,"data":…}</c> to every client subscribed to <paramref name="stream"/> on
    /// the route Binance serves it on (a client on the wrong route gets nothing). Applies the armed frame faults.</summary>
    /// <returns>Clients the frame was sent to.</returns>
    public async Task<int> PublishAsync(string stream, string dataJson)
    {
        var frame = Encoding.UTF8.GetBytes($"{{\"stream\":\"{stream}\",\"data\":{dataJson}}}");
        FollowDepth(stream, frame);
        if (Faults.TakeStall() || (stream.Contains("@depth", StringComparison.Ordinal) && Faults.TakeDepthGap()))
        {
            return 0;
        }

        return await SendAsync(stream, frame, depthGapChecked: true).ConfigureAwait(false);
    }

    private async Task<int> SendAsync(string stream, byte[] bytes, bool depthGapChecked = false)
    {
        var route = RouteOf(stream);
        if (Faults.TakeStall())
        {
            return 0;
        }

        if (!depthGapChecked && stream.Contains("@depth", StringComparison.Ordinal) && Faults.TakeDepthGap())
        {
            return 0;
        }

        if (Faults.TakeMalformedFrame())
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        var drop = Faults.TakeDropWebSocket();
        var sent = 0;
        foreach (var client in _clients.Values)
        {
            if (client.Route != route || !client.Streams.ContainsKey(stream))
            {
                continue;
            }

            if (drop)
            {
                client.Socket.Abort();
                client.Closed.TrySetResult();
                continue;
            }

            await client.SendGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (client.Socket.State == WebSocketState.Open)
                {
                    await client.Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                    sent++;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                client.Closed.TrySetResult();
            }
            finally
            {
                client.SendGate.Release();
            }
        }

        return sent;
    }

    /// <summary>
    /// Replays a recorded capture byte for byte: each recorded combined frame goes, unchanged, to the clients
    /// subscribed to its stream on its route (frame faults apply); each recorded REST snapshot becomes the
    /// <c>GET /fapi/v1/depth</c> body for its symbol from that point of the timeline on.
    /// </summary>
    /// <param name="reader">The capture.</param>
    /// <param name="pacing">Called between frames with the recorded receive time (ns): delay here to keep the
    /// recorded pacing, or return a completed task to replay as fast as the sockets go.</param>
    /// <param name="ct">Stops the replay.</param>
    /// <returns>Frames sent to at least one client.</returns>
    public async Task<long> ReplayAsync(Model.Ports.ICaptureReader reader, Func<long, Task>? pacing = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long sent = 0;
        string? lastDepthSymbol = null;
        while (!ct.IsCancellationRequested && reader.TryRead(out var frame))
        {
            if (pacing is not null)
            {
                await pacing(frame.ReceiveTimeNs).ConfigureAwait(false);
            }

            if (frame.Kind == Model.CaptureFrameKind.DepthSnapshot)
            {
                var symbol = frame.Symbol ?? lastDepthSymbol;
                if (symbol is not null)
                {
                    SetDepthSnapshot(symbol, Encoding.UTF8.GetString(frame.Payload.Span));
                }

                continue;
            }

            var payload = frame.Payload.ToArray();
            var stream = StreamOf(payload);
            if (stream is null)
            {
                continue;
            }

            if (stream.Contains("@depth", StringComparison.Ordinal))
            {
                lastDepthSymbol = stream[..stream.IndexOf('@', StringComparison.Ordinal)].ToUpperInvariant();
            }

            FollowDepth(stream, payload);

            if (await SendRawAsync(stream, payload).ConfigureAwait(false) > 0)
            {
                sent++;
            }
        }

        return sent;
    }

    private void FollowDepth(string stream, byte[] frame)
    {
        if (_books is not null && stream.Contains("@depth", StringComparison.Ordinal))
        {
            _books.OnFrame(frame);
        }
    }

    private static string? StreamOf(byte[] frame)
    {
        var marker = "\"stream\":\""u8;
        var at = frame.AsSpan().IndexOf(marker);
        if (at < 0)
        {
            return null;
        }

        var rest = frame.AsSpan(at + marker.Length);
        var end = rest.IndexOf((byte)'"');
        return end <= 0 ? null : Encoding.ASCII.GetString(rest[..end]);
    }

    private Task<int> SendRawAsync(string stream, byte[] frame) => SendAsync(stream, frame);

    /// <summary>The route Binance serves a stream on (binance-protocol.md §1.1).</summary>
    public static string RouteOf(string stream)
        => stream.Contains("@depth", StringComparison.Ordinal) || stream.EndsWith("@bookTicker", StringComparison.Ordinal)
           || stream.EndsWith("@trade", StringComparison.Ordinal) || stream == "!bookTicker"
            ? "public"
            : "market";

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var c in _clients.Values.Concat(_privateClients.Values))
        {
            c.Socket.Abort();
            c.Closed.TrySetResult();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private long ServerMs => (_options.Clock.NowNanos / 1_000_000) + _options.ServerTimeSkewMs;

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var rawQuery = ctx.Request.QueryString.HasValue ? ctx.Request.QueryString.Value![1..] : string.Empty;
        _log.Enqueue($"{ctx.Request.Method} {path}{(rawQuery.Length > 0 ? "?" + rawQuery : string.Empty)}");

        if (ctx.WebSockets.IsWebSocketRequest)
        {
            await HandleWebSocketAsync(ctx, path).ConfigureAwait(false);
            return;
        }

        if (_options.Symbols.Count > 0 && Faults.SlowResponseMs > 0)
        {
            await Task.Delay(Faults.SlowResponseMs, ctx.RequestAborted).ConfigureAwait(false);
        }

        var weight = WeightOf(ctx.Request.Method, path);
        var used = AddWeight(weight);
        ctx.Response.Headers["X-MBX-USED-WEIGHT-1M"] = used.ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (Faults.TakeBanned())
        {
            await Reply(ctx, 418, "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until 1.  Please use the websocket for live updates to avoid bans.\"}", retryAfter: true).ConfigureAwait(false);
            return;
        }

        if (Faults.TakeTooManyRequests())
        {
            await Reply(ctx, 429, "{\"code\":-1003,\"msg\":\"Too many requests; current limit is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.\"}", retryAfter: true).ConfigureAwait(false);
            return;
        }

        var body = string.Empty;
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            using var reader = new StreamReader(ctx.Request.Body, Encoding.ASCII);
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var p = Parse(rawQuery, body);
        var method = ctx.Request.Method;
        switch (path)
        {
            case "/fapi/v1/ping":
                await Reply(ctx, 200, "{}").ConfigureAwait(false);
                return;
            case "/fapi/v1/time":
                await Reply(ctx, 200, FormattableString.Invariant($"{{\"serverTime\":{ServerMs}}}")).ConfigureAwait(false);
                return;
            case "/fapi/v1/exchangeInfo":
                await Reply(ctx, 200, ExchangeInfoJson()).ConfigureAwait(false);
                return;
            case "/fapi/v1/depth":
                Interlocked.Increment(ref _depthRequests);
                var sym = p.GetValueOrDefault("symbol") ?? string.Empty;
                var limit = int.TryParse(p.GetValueOrDefault("limit"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 1000) : 500;
                if (_books?.Snapshot(sym, limit, ServerMs) is { } current)
                {
                    await Reply(ctx, 200, current).ConfigureAwait(false);
                }
                else if (_snapshots.TryGetValue(sym, out var snap))
                {
                    await Reply(ctx, 200, snap).ConfigureAwait(false);
                }
                else
                {
                    await Reply(ctx, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}").ConfigureAwait(false);
                }

                return;
            case "/fapi/v1/listenKey":
                if (!CheckKey(ctx, out var keyError))
                {
                    await Reply(ctx, 401, keyError).ConfigureAwait(false);
                    return;
                }

                await HandleListenKeyAsync(ctx, method).ConfigureAwait(false);
                return;
        }

        // Everything else is SIGNED.
        if (!CheckKey(ctx, out var authError))
        {
            await Reply(ctx, 401, authError).ConfigureAwait(false);
            return;
        }

        var (ok, status, error) = CheckSignature(rawQuery, body, p);
        if (!ok)
        {
            await Reply(ctx, status, error).ConfigureAwait(false);
            return;
        }

        if (Faults.TakeTimestamp())
        {
            await Reply(ctx, 400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}").ConfigureAwait(false);
            return;
        }

        if (Faults.TakeServiceUnavailable())
        {
            await Reply(ctx, 503, "{\"code\":-1000,\"msg\":\"Service Unavailable.\"}").ConfigureAwait(false);
            return;
        }

        var now = ServerMs;
        (int Status, string Body, FakeOrder? Order) result;
        switch ((method, path))
        {
            case ("POST", "/fapi/v1/order"):
            case ("POST", "/fapi/v1/algoOrder"):
                var algo = path.EndsWith("algoOrder", StringComparison.Ordinal);
                if (Faults.TakeUnknownNotPlaced())
                {
                    await Reply(ctx, 503, "{\"code\":-1000,\"msg\":\"Unknown error, please check your request or try again later.\"}").ConfigureAwait(false);
                    return;
                }

                result = Exchange.Place(p, now, algo);
                if (result.Order is not null)
                {
                    await PushOrderEventsAsync(result.Order, now).ConfigureAwait(false);
                }

                if (result.Status == 200 && !algo)
                {
                    var (c10, c1m) = AddOrder();
                    ctx.Response.Headers["X-MBX-ORDER-COUNT-10S"] = c10.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    ctx.Response.Headers["X-MBX-ORDER-COUNT-1M"] = c1m.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (result.Status == 200 && Faults.TakeDropConnection())
                {
                    ctx.Abort();
                    return;
                }

                if (result.Status == 200 && Faults.TakeUnknownAfterPlace())
                {
                    await Reply(ctx, 503, "{\"code\":-1000,\"msg\":\"Unknown error, please check your request or try again later.\"}").ConfigureAwait(false);
                    return;
                }

                break;
            case ("GET", "/fapi/v1/order"):
                result = Exchange.Query(p, algo: false);
                break;
            case ("GET", "/fapi/v1/algoOrder"):
                result = Exchange.Query(p, algo: true);
                break;
            case ("DELETE", "/fapi/v1/order"):
                result = Exchange.Cancel(p, now, algo: false);
                if (result.Order is not null)
                {
                    await PushOrderEventsAsync(result.Order, now).ConfigureAwait(false);
                }

                break;
            case ("DELETE", "/fapi/v1/algoOrder"):
                result = Exchange.Cancel(p, now, algo: true);
                if (result.Order is not null)
                {
                    await PushOrderEventsAsync(result.Order, now).ConfigureAwait(false);
                }

                break;
            case ("POST", "/fapi/v1/leverage"):
                var lev = Exchange.SetLeverage(p);
                result = (lev.Status, lev.Body, null);
                break;
            case ("GET", "/fapi/v3/positionRisk"):
                result = (200, Exchange.PositionsJson(now), null);
                break;
            case ("GET", "/fapi/v3/account"):
                result = (200, "{\"totalWalletBalance\":\"10000.00000000\",\"availableBalance\":\"10000.00000000\",\"assets\":[],\"positions\":[]}", null);
                break;
            default:
                result = (404, "{\"code\":-1000,\"msg\":\"Not found.\"}", null);
                break;
        }

        await Reply(ctx, result.Status, result.Body).ConfigureAwait(false);
    }

    private async Task HandleWebSocketAsync(HttpContext ctx, string path)
    {
        // /public/stream?streams=a/b, /market/stream?streams=…, /public/ws/<stream>, /market/ws/<stream>
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 3 && parts[0] == "private" && parts[1] == "ws")
        {
            await HandlePrivateAsync(ctx, parts[2]).ConfigureAwait(false);
            return;
        }

        if (parts.Length < 2 || parts[0] is not ("public" or "market") || parts[1] is not ("stream" or "ws"))
        {
            ctx.Response.StatusCode = 404;
            return;
        }

        var streams = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var list = parts[1] == "stream" ? ctx.Request.Query["streams"].ToString() : string.Join('/', parts.Skip(2));
        foreach (var s in list.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            streams[s] = true;
        }

        using var socket = await ctx.WebSockets.AcceptWebSocketAsync(AcceptContext()).ConfigureAwait(false);
        var client = new StreamClient { Socket = socket, Route = parts[0], Streams = streams };
        var id = Interlocked.Increment(ref _clientIds);
        _clients[id] = client;
        try
        {
            var buffer = new byte[4096];
            var receive = ReceiveLoopAsync(client, buffer);
            await Task.WhenAny(receive, client.Closed.Task).ConfigureAwait(false);
        }
        finally
        {
            _clients.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync(StreamClient client, byte[] buffer)
    {
        try
        {
            while (client.Socket.State == WebSocketState.Open)
            {
                var result = await client.Socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                await HandleControlAsync(client, text).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            // client went away
        }
        finally
        {
            client.Closed.TrySetResult();
        }
    }

    private async Task HandleControlAsync(StreamClient client, string text)
    {
        string reply;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            var root = doc.RootElement;
            var method = root.TryGetProperty("method", out var m) ? m.GetString() : null;
            var id = root.TryGetProperty("id", out var i) && i.TryGetInt64(out var n) ? n : -1;
            if (id < 0)
            {
                reply = "{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"}";
            }
            else if (method is "SUBSCRIBE" or "UNSUBSCRIBE" && root.TryGetProperty("params", out var ps))
            {
                foreach (var s in ps.EnumerateArray())
                {
                    var name = s.GetString() ?? string.Empty;
                    if (method == "SUBSCRIBE")
                    {
                        client.Streams[name] = true;
                    }
                    else
                    {
                        client.Streams.TryRemove(name, out _);
                    }
                }

                reply = FormattableString.Invariant($"{{\"result\":null,\"id\":{id}}}");
            }
            else if (method == "LIST_SUBSCRIPTIONS")
            {
                var names = string.Join(",", client.Streams.Keys.Order(StringComparer.Ordinal).Select(k => $"\"{k}\""));
                reply = FormattableString.Invariant($"{{\"result\":[{names}],\"id\":{id}}}");
            }
            else
            {
                reply = $"{{\"code\":2,\"msg\":\"Invalid request: unknown variant {method}, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28\"}}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
            reply = "{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}";
        }

        await client.SendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await client.Socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            client.SendGate.Release();
        }
    }

    /// <summary>User-data WebSocket connections open now.</summary>
    public int OpenUserStreams => _privateClients.Count;

    /// <summary>The listenKey currently valid, null when none.</summary>
    public string? ListenKey
    {
        get
        {
            lock (_keyGate)
            {
                return _listenKey;
            }
        }
    }

    private async Task HandleListenKeyAsync(HttpContext ctx, string method)
    {
        string? key;
        lock (_keyGate)
        {
            if (method == "POST")
            {
                _listenKey ??= FormattableString.Invariant($"fakeListenKey{++_listenKeySerial:D4}pqia91ma19a5s61cv6a81va65sdf19v8a65a1");
            }
            else if (method == "DELETE")
            {
                _listenKey = null;
            }

            key = _listenKey;
        }

        if (method == "DELETE")
        {
            await Reply(ctx, 200, "{}").ConfigureAwait(false);
        }
        else if (key is null)
        {
            await Reply(ctx, 400, "{\"code\":-1125,\"msg\":\"This listenKey does not exist.\"}").ConfigureAwait(false);
        }
        else
        {
            await Reply(ctx, 200, $"{{\"listenKey\":\"{key}\"}}").ConfigureAwait(false);
        }
    }

    private async Task HandlePrivateAsync(HttpContext ctx, string key)
    {
        if (key != ListenKey)
        {
            ctx.Response.StatusCode = 400;
            return;
        }

        using var socket = await ctx.WebSockets.AcceptWebSocketAsync(AcceptContext()).ConfigureAwait(false);
        var client = new StreamClient { Socket = socket, Route = "private", Streams = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal) };
        var id = Interlocked.Increment(ref _clientIds);
        _privateClients[id] = client;
        try
        {
            var receive = ReceiveLoopAsync(client, new byte[1024]);
            await Task.WhenAny(receive, client.Closed.Task).ConfigureAwait(false);
        }
        finally
        {
            _privateClients.TryRemove(id, out _);
        }
    }

    private async Task PushOrderEventsAsync(FakeOrder o, long nowMs)
    {
        if (Faults.TakeListenKeyExpiry())
        {
            string? expired;
            lock (_keyGate)
            {
                expired = _listenKey;
                _listenKey = null;
            }

            await PushUserAsync(FormattableString.Invariant($"{{\"e\":\"listenKeyExpired\",\"E\":{nowMs},\"listenKey\":\"{expired}\"}}")).ConfigureAwait(false);
            return;
        }

        if (ListenKey is null)
        {
            return; // no valid key: events are lost, as on Binance
        }

        Exchange.TryGetSymbol(o.Symbol, out var fs);
        var pp = fs.Filters.PricePrecision;
        var qp = fs.Filters.QuantityPrecision;
        if (o.IsAlgo)
        {
            await PushUserAsync(FormattableString.Invariant(
                $"{{\"e\":\"ALGO_UPDATE\",\"T\":{nowMs},\"E\":{nowMs},\"o\":{{\"caid\":\"{o.ClientOrderId}\",\"aid\":{o.OrderId},\"at\":\"CONDITIONAL\",\"o\":\"{o.Type}\",\"s\":\"{o.Symbol}\",\"S\":\"{o.Side}\",\"ps\":\"BOTH\",\"f\":\"GTC\",\"q\":\"{DecimalCodec.ToString(o.Quantity, qp)}\",\"X\":\"{o.Status}\",\"ai\":\"\",\"ap\":\"0.00000\",\"aq\":\"0.00000\",\"act\":\"0\",\"tp\":\"{DecimalCodec.ToString(o.StopPrice, pp)}\",\"p\":\"0\",\"V\":\"EXPIRE_MAKER\",\"wt\":\"CONTRACT_PRICE\",\"pm\":\"NONE\",\"cp\":{(o.ClosePosition ? "true" : "false")},\"pP\":false,\"R\":{(o.ReduceOnly ? "true" : "false")},\"tt\":0,\"gtd\":0,\"rm\":\"\"}}}}")).ConfigureAwait(false);
            return;
        }

        var filled = o.Executed > 0;
        if (filled)
        {
            await PushUserAsync(FormattableString.Invariant(
                $"{{\"e\":\"TRADE_LITE\",\"T\":{nowMs},\"E\":{nowMs},\"s\":\"{o.Symbol}\",\"q\":\"{DecimalCodec.ToString(o.Quantity, qp)}\",\"p\":\"{DecimalCodec.ToString(o.Price, pp)}\",\"m\":false,\"c\":\"{o.ClientOrderId}\",\"S\":\"{o.Side}\",\"L\":\"{DecimalCodec.ToString(o.AveragePrice, pp)}\",\"l\":\"{DecimalCodec.ToString(o.Executed, qp)}\",\"t\":{o.OrderId},\"i\":{o.OrderId}}}")).ConfigureAwait(false);
        }

        var x = o.Status == "CANCELED" ? "CANCELED" : filled ? "TRADE" : o.Status == "EXPIRED" ? "EXPIRED" : "NEW";
        if (x == "TRADE")
        {
            await PushUserAsync(OrderTradeUpdate(o, nowMs, "NEW", "NEW", 0, 0, 0, 0, pp, qp)).ConfigureAwait(false);
        }

        var fee = SymbolFilters.Notional(o.CumQuote, 50_000); // 5 bps taker commission on the executed notional
        await PushUserAsync(x == "TRADE"
            ? OrderTradeUpdate(o, nowMs, x, o.Status, o.Executed, o.AveragePrice, o.Executed, fee, pp, qp)
            : OrderTradeUpdate(o, nowMs, x, o.Status, 0, 0, o.Executed, 0, pp, qp)).ConfigureAwait(false);

        if (filled && x == "TRADE")
        {
            var position = Exchange.PositionOf(o.Symbol);
            await PushUserAsync(FormattableString.Invariant(
                $"{{\"e\":\"ACCOUNT_UPDATE\",\"T\":{nowMs},\"E\":{nowMs},\"a\":{{\"B\":[{{\"a\":\"USDT\",\"wb\":\"10000.00000000\",\"cw\":\"10000.00000000\",\"bc\":\"0\"}}],\"P\":[{{\"s\":\"{o.Symbol}\",\"pa\":\"{DecimalCodec.ToString(position, qp)}\",\"ep\":\"{DecimalCodec.ToString(o.AveragePrice, pp)}\",\"cr\":\"0\",\"up\":\"0\",\"mt\":\"cross\",\"iw\":\"0\",\"ps\":\"BOTH\",\"ma\":\"USDT\",\"bep\":\"{DecimalCodec.ToString(o.AveragePrice, pp)}\"}}],\"m\":\"ORDER\"}}}}")).ConfigureAwait(false);
        }
    }

    private static string OrderTradeUpdate(FakeOrder o, long nowMs, string x, string status, long lastQty, long lastPrice, long cumulative, long fee, int pp, int qp)
        => FormattableString.Invariant(
            $"{{\"e\":\"ORDER_TRADE_UPDATE\",\"T\":{nowMs},\"E\":{nowMs},\"o\":{{\"s\":\"{o.Symbol}\",\"c\":\"{o.ClientOrderId}\",\"S\":\"{o.Side}\",\"o\":\"{o.Type}\",\"f\":\"{o.TimeInForce}\",\"q\":\"{DecimalCodec.ToString(o.Quantity, qp)}\",\"p\":\"{DecimalCodec.ToString(o.Price, pp)}\",\"ap\":\"{DecimalCodec.ToString(o.AveragePrice, pp)}\",\"sp\":\"0\",\"x\":\"{x}\",\"X\":\"{status}\",\"i\":{o.OrderId},\"l\":\"{DecimalCodec.ToString(lastQty, qp)}\",\"z\":\"{DecimalCodec.ToString(cumulative, qp)}\",\"L\":\"{DecimalCodec.ToString(lastPrice, pp)}\",\"n\":\"{DecimalCodec.ToString(fee)}\",\"N\":\"USDT\",\"T\":{nowMs},\"t\":{(lastQty > 0 ? o.OrderId : 0)},\"b\":\"0\",\"a\":\"0\",\"m\":false,\"R\":{(o.ReduceOnly ? "true" : "false")},\"wt\":\"CONTRACT_PRICE\",\"ot\":\"{o.Type}\",\"ps\":\"BOTH\",\"cp\":false,\"rp\":\"0\",\"pP\":false,\"si\":0,\"ss\":0,\"V\":\"EXPIRE_MAKER\",\"pm\":\"NONE\",\"gtd\":0,\"er\":\"0\"}}}}");

    private async Task PushUserAsync(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        foreach (var client in _privateClients.Values)
        {
            await client.SendGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (client.Socket.State == WebSocketState.Open)
                {
                    await client.Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                client.Closed.TrySetResult();
            }
            finally
            {
                client.SendGate.Release();
            }
        }
    }

    // Binance pings every 3 minutes and drops a client that does not pong within 10; the fake uses the
    // configured (short) values so tests can see real ping/pong control frames.
    private WebSocketAcceptContext AcceptContext() => new()
    {
        KeepAliveInterval = _options.PingInterval,
        KeepAliveTimeout = _options.PongTimeout,
    };

    private bool CheckKey(HttpContext ctx, out string error)
    {
        var key = ctx.Request.Headers["X-MBX-APIKEY"].ToString();
        if (key != _options.ApiKey)
        {
            error = "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private (bool Ok, int Status, string Error) CheckSignature(string rawQuery, string body, Dictionary<string, string> p)
    {
        // totalParams = query string + body, no separator; the signature must be the last parameter.
        var total = rawQuery + body;
        var at = total.LastIndexOf("signature=", StringComparison.Ordinal);
        if (at < 0 || (at > 0 && total[at - 1] != '&') || total.IndexOf('&', at) >= 0)
        {
            return (false, 400, "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}");
        }

        var signed = total[..Math.Max(0, at - 1)];
        var signature = total[(at + 10)..];
        if (!_signer.Verify(Encoding.ASCII.GetBytes(signed), Encoding.ASCII.GetBytes(signature)))
        {
            return (false, 400, "{\"code\":-1022,\"msg\":\"Signature for this request is not valid.\"}");
        }

        if (!p.TryGetValue("timestamp", out var ts) || !long.TryParse(ts, System.Globalization.CultureInfo.InvariantCulture, out var timestamp))
        {
            return (false, 400, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.\"}");
        }

        var recvWindow = p.TryGetValue("recvWindow", out var rw) && long.TryParse(rw, System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : 5000;
        var server = ServerMs;
        if (timestamp >= server + 1000)
        {
            return (false, 400, "{\"code\":-1021,\"msg\":\"Timestamp for this request was 1000ms ahead of the server's time.\"}");
        }

        if (server - timestamp > recvWindow)
        {
            return (false, 400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}");
        }

        return (true, 200, string.Empty);
    }

    private static Dictionary<string, string> Parse(string query, string body)
    {
        var p = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                p[Uri.UnescapeDataString(part[..eq])] = Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        // The query string wins over the body for a parameter in both.
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                p[Uri.UnescapeDataString(part[..eq])] = Uri.UnescapeDataString(part[(eq + 1)..]);
            }
        }

        return p;
    }

    private async Task Reply(HttpContext ctx, int status, string body, bool retryAfter = false)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        if (retryAfter && Faults.RetryAfterSeconds >= 0)
        {
            ctx.Response.Headers["Retry-After"] = Faults.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await ctx.Response.WriteAsync(body).ConfigureAwait(false);
    }

    private int AddWeight(int weight)
    {
        lock (_countersGate)
        {
            var window = ServerMs / 60_000;
            if (window != _weightWindow)
            {
                _weightWindow = window;
                _weightMinute = 0;
            }

            _weightMinute += weight;
            return _weightMinute;
        }
    }

    private (int TenSeconds, int Minute) AddOrder()
    {
        lock (_countersGate)
        {
            var now = ServerMs;
            if (now / 10_000 != _orders10sWindow)
            {
                _orders10sWindow = now / 10_000;
                _orders10s = 0;
            }

            if (now / 60_000 != _orders1mWindow)
            {
                _orders1mWindow = now / 60_000;
                _orders1m = 0;
            }

            return (++_orders10s, ++_orders1m);
        }
    }

    private static int WeightOf(string method, string path) => (method, path) switch
    {
        ("POST", "/fapi/v1/order") or ("POST", "/fapi/v1/algoOrder") => 0,
        (_, "/fapi/v1/depth") => 20,
        (_, "/fapi/v3/positionRisk") or (_, "/fapi/v3/account") => 5,
        _ => 1,
    };

    private string ExchangeInfoJson()
    {
        var sb = new StringBuilder();
        sb.Append(FormattableString.Invariant($"{{\"timezone\":\"UTC\",\"serverTime\":{ServerMs},\"futuresType\":\"U_MARGINED\",\"rateLimits\":[{{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":2400}},{{\"rateLimitType\":\"ORDERS\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":1200}},{{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":300}}],\"exchangeFilters\":[],\"assets\":[],\"symbols\":["));
        var first = true;
        foreach (var s in _options.Symbols)
        {
            var f = s.Filters;
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            sb.Append(I($"{{\"symbol\":\"{f.Symbol}\",\"pair\":\"{f.Symbol}\",\"contractType\":\"PERPETUAL\",\"status\":\"{f.Status}\",\"pricePrecision\":{f.PricePrecision},\"quantityPrecision\":{f.QuantityPrecision},\"filters\":["));
            sb.Append(I($"{{\"minPrice\":\"{D(f.MinPrice)}\",\"maxPrice\":\"{D(f.MaxPrice)}\",\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"{D(f.TickSize)}\"}},"));
            sb.Append(I($"{{\"stepSize\":\"{D(f.StepSize)}\",\"filterType\":\"LOT_SIZE\",\"maxQty\":\"{D(f.MaxQuantity)}\",\"minQty\":\"{D(f.MinQuantity)}\"}},"));
            sb.Append(I($"{{\"stepSize\":\"{D(f.MarketStepSize > 0 ? f.MarketStepSize : f.StepSize)}\",\"filterType\":\"MARKET_LOT_SIZE\",\"maxQty\":\"{D(f.MarketMaxQuantity > 0 ? f.MarketMaxQuantity : f.MaxQuantity)}\",\"minQty\":\"{D(f.MarketMinQuantity > 0 ? f.MarketMinQuantity : f.MinQuantity)}\"}},"));
            sb.Append("{\"limit\":200,\"filterType\":\"MAX_NUM_ORDERS\"},");
            sb.Append(I($"{{\"notional\":\"{D(f.MinNotional)}\",\"filterType\":\"MIN_NOTIONAL\"}},"));
            sb.Append(I($"{{\"multiplierDown\":\"{D(f.MultiplierDown)}\",\"multiplierUp\":\"{D(f.MultiplierUp)}\",\"multiplierDecimal\":\"4\",\"filterType\":\"PERCENT_PRICE\"}}],"));
            sb.Append("\"orderTypes\":[\"LIMIT\",\"MARKET\",\"STOP\",\"STOP_MARKET\",\"TAKE_PROFIT\",\"TAKE_PROFIT_MARKET\",\"TRAILING_STOP_MARKET\"],\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"]}");
        }

        return sb.Append("]}").ToString();
    }

    private static string D(long raw) => DecimalCodec.ToString(raw);

    private static string I(FormattableString s) => FormattableString.Invariant(s);
}
