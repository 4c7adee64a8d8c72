using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Gateway.Binance.Common;

namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>
/// Binance USDⓈ-M REST over <see cref="HttpClient"/>: signed requests with server-time offset and
/// recvWindow, local rate limits fed by the response headers, and every response classified into a
/// <see cref="RestOutcome"/> so callers can tell a certain failure from an unknown outcome.
/// </summary>
/// <remarks>Meant to be driven by one I/O thread (the <see cref="RateLimiter"/> and <see cref="QueryBuilder"/>
/// it owns are not thread-safe). Never logs; the API key travels only in the <c>X-MBX-APIKEY</c> header.</remarks>
public sealed class BinanceRestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ApiCredentials? _credentials;
    private readonly IClock _clock;
    private readonly QueryBuilder _query = new();
    private long _offsetMs;

    /// <summary>Creates a client.</summary>
    /// <param name="restBase">REST base URL (production, demo, or the fake server on loopback).</param>
    /// <param name="credentials">Key and secret; null for public endpoints only.</param>
    /// <param name="clock">Epoch clock (ns) for timestamps and rate windows.</param>
    /// <param name="limiter">Rate limiter; a default USDⓈ-M one when null.</param>
    /// <param name="timeout">Per-request timeout; past it the outcome is <see cref="RestOutcome.Unknown"/>.</param>
    public BinanceRestClient(Uri restBase, ApiCredentials? credentials, IClock clock, RateLimiter? limiter = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(restBase);
        ArgumentNullException.ThrowIfNull(clock);
        _credentials = credentials;
        _clock = clock;
        Limiter = limiter ?? new RateLimiter();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseProxy = false })
        {
            BaseAddress = restBase,
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>The local rate limiter.</summary>
    public RateLimiter Limiter { get; }

    /// <summary>recvWindow sent with signed requests (ms).</summary>
    public int RecvWindowMs { get; init; } = 5000;

    /// <summary>Server time minus local time (ms), from the last <see cref="SyncTimeAsync"/>.</summary>
    public long ServerTimeOffsetMs => Volatile.Read(ref _offsetMs);

    /// <summary>Local time converted to server time (ms), for the <c>timestamp</c> parameter.</summary>
    public long ServerNowMs => (_clock.NowNanos / 1_000_000) + ServerTimeOffsetMs;

    /// <summary>Measures the server-time offset with <c>GET /fapi/v1/time</c> (midpoint of the round trip).</summary>
    public async Task<bool> SyncTimeAsync(CancellationToken ct = default)
    {
        var sent = _clock.NowNanos;
        var response = await SendAsync(HttpMethod.Get, "/fapi/v1/time", null, signed: false, RequestClass.Other, 1, ct).ConfigureAwait(false);
        var received = _clock.NowNanos;
        if (response.Outcome != RestOutcome.Ok)
        {
            return false;
        }

        using var doc = JsonDocument.Parse(response.Body);
        if (!doc.RootElement.TryGetProperty("serverTime", out var t) || !t.TryGetInt64(out var serverMs))
        {
            return false;
        }

        var midpointMs = (sent + ((received - sent) / 2)) / 1_000_000;
        Volatile.Write(ref _offsetMs, serverMs - midpointMs);
        return true;
    }

    /// <summary><c>GET /fapi/v1/exchangeInfo</c>, parsed.</summary>
    public async Task<ExchangeInfo?> GetExchangeInfoAsync(CancellationToken ct = default)
    {
        var response = await SendAsync(HttpMethod.Get, "/fapi/v1/exchangeInfo", null, signed: false, RequestClass.Other, 1, ct).ConfigureAwait(false);
        return response.Outcome == RestOutcome.Ok ? ExchangeInfo.Parse(response.Body) : null;
    }

    /// <summary><c>GET /fapi/v1/depth</c>: the raw snapshot body for the book synchronizer.</summary>
    public Task<RestResponse> GetDepthSnapshotAsync(string symbol, int limit = 1000, CancellationToken ct = default)
    {
        var weight = limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
        return SendAsync(HttpMethod.Get, $"/fapi/v1/depth?symbol={symbol}&limit={limit}", null, signed: false, RequestClass.Other, weight, ct);
    }

    /// <summary>Places an order (<c>POST /fapi/v1/order</c>, or <c>/fapi/v1/algoOrder</c> for conditional types).</summary>
    public Task<RestResponse> PlaceOrderAsync(string symbol, Model.Orders.OrderRequest order, CancellationToken ct = default)
    {
        var algo = QueryBuilder.IsConditional(order.Type);
        _query.Clear().AppendOrder(symbol, order);
        return SendSignedAsync(HttpMethod.Post, algo ? "/fapi/v1/algoOrder" : "/fapi/v1/order", algo ? RequestClass.Other : RequestClass.NewOrder, 0, ct);
    }

    /// <summary>Cancels by client order id (<c>DELETE /fapi/v1/order</c>, or the algo endpoint).</summary>
    public Task<RestResponse> CancelOrderAsync(string symbol, Model.Orders.ClientOrderId id, bool algo = false, CancellationToken ct = default)
    {
        _query.Clear().AppendAscii("symbol"u8, symbol).AppendClientOrderId(algo ? "clientAlgoId"u8 : "origClientOrderId"u8, id);
        return SendSignedAsync(HttpMethod.Delete, algo ? "/fapi/v1/algoOrder" : "/fapi/v1/order", RequestClass.Critical, 1, ct);
    }

    /// <summary>Queries by client order id (<c>GET /fapi/v1/order</c>, or the algo endpoint).</summary>
    public Task<RestResponse> QueryOrderAsync(string symbol, Model.Orders.ClientOrderId id, bool algo = false, CancellationToken ct = default)
    {
        _query.Clear().AppendAscii("symbol"u8, symbol).AppendClientOrderId(algo ? "clientAlgoId"u8 : "origClientOrderId"u8, id);
        return SendSignedAsync(HttpMethod.Get, algo ? "/fapi/v1/algoOrder" : "/fapi/v1/order", RequestClass.Critical, 1, ct);
    }

    /// <summary>Sets the initial leverage of a symbol (<c>POST /fapi/v1/leverage</c>).</summary>
    public Task<RestResponse> SetLeverageAsync(string symbol, int leverage, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leverage, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(leverage, 125);
        _query.Clear().AppendAscii("symbol"u8, symbol).AppendLong("leverage"u8, leverage);
        return SendSignedAsync(HttpMethod.Post, "/fapi/v1/leverage", RequestClass.Other, 1, ct);
    }

    /// <summary>Positions for reconciliation (<c>GET /fapi/v3/positionRisk</c>).</summary>
    public Task<RestResponse> GetPositionsAsync(CancellationToken ct = default)
    {
        _query.Clear();
        return SendSignedAsync(HttpMethod.Get, "/fapi/v3/positionRisk", RequestClass.Other, 5, ct);
    }

    /// <summary>Account snapshot for reconciliation (<c>GET /fapi/v3/account</c>).</summary>
    public Task<RestResponse> GetAccountAsync(CancellationToken ct = default)
    {
        _query.Clear();
        return SendSignedAsync(HttpMethod.Get, "/fapi/v3/account", RequestClass.Other, 5, ct);
    }

    /// <summary>Creates or extends the user-data listenKey (<c>POST /fapi/v1/listenKey</c>).</summary>
    public Task<RestResponse> CreateListenKeyAsync(CancellationToken ct = default)
        => SendAsync(HttpMethod.Post, "/fapi/v1/listenKey", null, signed: false, RequestClass.Other, 1, ct);

    /// <summary>Keeps the listenKey alive (<c>PUT /fapi/v1/listenKey</c>); -1125 means re-create.</summary>
    public Task<RestResponse> KeepAliveListenKeyAsync(CancellationToken ct = default)
        => SendAsync(HttpMethod.Put, "/fapi/v1/listenKey", null, signed: false, RequestClass.Other, 1, ct);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private Task<RestResponse> SendSignedAsync(HttpMethod method, string path, RequestClass cls, int weight, CancellationToken ct)
    {
        if (_credentials is null)
        {
            return Task.FromResult(new RestResponse(RestOutcome.Rejected, 0, -2015, "no API credentials configured", []));
        }

        _query.AppendLong("recvWindow"u8, RecvWindowMs).AppendLong("timestamp"u8, ServerNowMs).Sign(_credentials.Signer);
        var query = System.Text.Encoding.ASCII.GetString(_query.Written);
        return SendAsync(method, path, query, signed: true, cls, weight, ct);
    }

    private async Task<RestResponse> SendAsync(HttpMethod method, string path, string? query, bool signed, RequestClass cls, int weight, CancellationToken ct)
    {
        if (!Limiter.TryAcquire(cls, weight, _clock.NowNanos, out var reason))
        {
            return new RestResponse(RestOutcome.Throttled, 0, 0, $"local rate limit: {reason}", []);
        }

        using var request = new HttpRequestMessage(method, query is null ? path : $"{path}?{query}");
        if (_credentials is not null && (signed || path.EndsWith("listenKey", StringComparison.Ordinal)))
        {
            request.Headers.TryAddWithoutValidation("X-MBX-APIKEY", _credentials.ApiKey);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return new RestResponse(RestOutcome.Unavailable, 0, 0, "connection refused", []);
        }
        catch (HttpRequestException ex)
        {
            return new RestResponse(RestOutcome.Unknown, 0, 0, ex.Message, []);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new RestResponse(RestOutcome.Unknown, 0, 0, "timeout", []);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                return new RestResponse(RestOutcome.Unknown, (int)response.StatusCode, 0, ex.Message, []);
            }

            var now = _clock.NowNanos;
            Limiter.OnHeaders(Header(response, "X-MBX-USED-WEIGHT-1M"), Header(response, "X-MBX-ORDER-COUNT-10S"), Header(response, "X-MBX-ORDER-COUNT-1M"), now);
            var status = (int)response.StatusCode;
            var (code, message) = ErrorOf(body);
            var outcome = Classify(status, code, message);
            if (outcome == RestOutcome.Throttled)
            {
                var retryAfter = response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : -1;
                Limiter.OnThrottled(status, retryAfter, now);
            }
            else if (outcome == RestOutcome.Ok)
            {
                Limiter.OnSuccess();
            }

            return new RestResponse(outcome, status, code, message, body);
        }
    }

    /// <summary>Classifies a response per binance-protocol.md §4.2.</summary>
    internal static RestOutcome Classify(int status, int code, string message)
    {
        if (code is -1006 or -1007)
        {
            return RestOutcome.Unknown;
        }

        if (status is >= 200 and < 300)
        {
            return RestOutcome.Ok;
        }

        if (status is 429 or 418)
        {
            return RestOutcome.Throttled;
        }

        if (code is -1001 or -1008)
        {
            return RestOutcome.Unavailable;
        }

        if (status == 503)
        {
            return message.StartsWith("Service Unavailable", StringComparison.Ordinal) ? RestOutcome.Unavailable : RestOutcome.Unknown;
        }

        if (status == 408 || status >= 500)
        {
            return RestOutcome.Unknown;
        }

        return RestOutcome.Rejected;
    }

    private static (int Code, string Message) ErrorOf(byte[] body)
    {
        if (body.Length == 0 || body[0] != (byte)'{')
        {
            return (0, string.Empty);
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : 0;
            var msg = root.TryGetProperty("msg", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? string.Empty : string.Empty;
            return (code, msg);
        }
        catch (JsonException)
        {
            return (0, string.Empty);
        }
    }

    private static int Header(HttpResponseMessage response, string name)
        => response.Headers.TryGetValues(name, out var values) && int.TryParse(values.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;
}
