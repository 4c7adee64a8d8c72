using QuantumTrader.Engine.Threading;
using System.Text.Json;
using QuantumTrader.Engine.Time;
using QuantumTrader.Engine.Queues;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>
/// The live order port: <see cref="Submit"/> and <see cref="Cancel"/> only copy the request into a lock-free
/// queue; one I/O thread validates against exchangeInfo filters at the request's
/// <see cref="OrderRequest.ReferencePrice"/> (rejecting locally, never sending), applies
/// local rate limits, calls REST, and publishes every outcome as an <see cref="InputKind.OrderUpdate"/>.
/// </summary>
/// <remarks>
/// Order safety: an unknown outcome (503 "Unknown error", -1006, -1007, timeout, connection lost) is
/// published as <see cref="OrderUpdateCode.UnknownOutcome"/> and resolved by querying the client order id
/// (never by resending): found → its real state; "does not exist" twice → <see cref="OrderUpdateCode.ResolvedNotFound"/>.
/// Certain failures (503 "Service Unavailable.", -1001, -1008) are retried with the same client order id
/// and exponential back-off. -1021 re-syncs the server time and retries once.
/// <para>Threading: one producer (the route stage's thread) calls Submit/Cancel; the I/O thread is the only
/// consumer and the only user of the REST client. Submit never blocks and never allocates (tested).</para>
/// </remarks>
public sealed class BinanceOrderGateway : IOrderGateway, IAsyncDisposable
{
    private readonly SpscQueue<Command> _queue;
    private readonly BinanceRestClient _rest;
    private readonly ExchangeInfo _info;
    private readonly InstrumentRegistry _instruments;
    private readonly IInputSink _sink;
    private readonly IClock _clock;
    private readonly BinanceOrderGatewayOptions _options;
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly IIdleStrategy _idle;
    private readonly Dictionary<ClientOrderId, bool> _algoOrders = new();
    private int _parked;
    private long _localRejects;

    private enum CommandKind : byte
    {
        New = 1,
        Cancel = 2,
    }

    private struct Command
    {
        public CommandKind Kind;
        public OrderRequest Order;
    }

    /// <summary>Creates the gateway and starts its I/O thread.</summary>
    public BinanceOrderGateway(
        BinanceRestClient rest,
        ExchangeInfo info,
        InstrumentRegistry instruments,
        IInputSink sink,
        IClock clock,
        BinanceOrderGatewayOptions? options = null)
    {
        _rest = rest ?? throw new ArgumentNullException(nameof(rest));
        _info = info ?? throw new ArgumentNullException(nameof(info));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _options = options ?? new BinanceOrderGatewayOptions();
        _queue = new SpscQueue<Command>(_options.QueueCapacity);
        _idle = _options.Idle ?? new BackoffIdleStrategy(allowSleep: false);
        _thread = new Thread(Run) { IsBackground = true, Name = "binance-orders" };
        _thread.Start();
    }

    /// <summary>Orders rejected locally (filters, rate limit) without being sent.</summary>
    public long LocalRejects => Interlocked.Read(ref _localRejects);

    /// <inheritdoc />
    public bool Submit(in OrderRequest request)
    {
        var command = new Command { Kind = CommandKind.New, Order = request };
        return Enqueue(command);
    }

    /// <inheritdoc />
    public bool Cancel(ushort symbolId, ClientOrderId clientOrderId)
    {
        var command = new Command { Kind = CommandKind.Cancel };
        command.Order.SymbolId = symbolId;
        command.Order.ClientOrderId = clientOrderId;
        return Enqueue(command);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Set();
        await Task.Run(() => _thread.Join()).ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
    }

    private bool Enqueue(in Command command)
    {
        if (!_queue.TryEnqueue(command))
        {
            return false;
        }

        // Wake the I/O thread only when it parked itself. The CAS is a full fence: with the consumer's
        // Exchange before its last emptiness check, either it sees our item or we see it parked (no lost wake-up).
        if (Interlocked.CompareExchange(ref _parked, 0, 1) == 1)
        {
            _wake.Set();
        }

        return true;
    }

    // The I/O thread: a dedicated thread (not a pool task) so that waking it is a plain event Set with no
    // allocation on the producer; it runs each REST exchange to completion before taking the next command.
    // Design: after a command it idles through the engine's idle-strategy seam (spin, then yield) for a bounded
    // number of steps, so an order that follows closely (an exit after an entry, a cancel) is taken without a
    // kernel wake-up; then it parks on the event: a REST thread must not hold a core between orders for hours.
    private void Run()
    {
        var ct = _stop.Token;
        while (!ct.IsCancellationRequested)
        {
            if (_queue.TryDequeue(out var command))
            {
                try
                {
                    var work = command.Kind == CommandKind.New
                        ? PlaceAsync(command.Order, ct)
                        : CancelAsync(command.Order.SymbolId, command.Order.ClientOrderId, ct);
                    work.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }

                _idle.Reset();
                continue;
            }

            var steps = 0;
            while (steps++ < _options.IdleStepsBeforePark && _queue.IsEmpty && !ct.IsCancellationRequested)
            {
                _idle.Idle(0);
            }

            if (!_queue.IsEmpty)
            {
                continue;
            }

            Interlocked.Exchange(ref _parked, 1);
            if (!_queue.IsEmpty)
            {
                Interlocked.Exchange(ref _parked, 0);
                continue;
            }

            _wake.Wait();
            _wake.Reset();
            Interlocked.Exchange(ref _parked, 0);
        }
    }

    private async Task PlaceAsync(OrderRequest order, CancellationToken ct)
    {
        if (order.SymbolId >= _instruments.Count || !_info.TryGet(_instruments[order.SymbolId].Symbol, out var filters))
        {
            RejectLocally(order, OrderRejectReason.UnknownSymbol);
            return;
        }

        // At the reference price the decision carried (journaled with the request): the same check on replay.
        var reason = filters.Validate(order, order.ReferencePrice.Raw);
        if (reason != OrderRejectReason.None)
        {
            RejectLocally(order, reason);
            return;
        }

        var algo = QueryBuilder.IsConditional(order.Type);
        var timestampRetried = false;
        var delay = _options.UnavailableBackoff;
        for (var attempt = 0; ; attempt++)
        {
            var response = await _rest.PlaceOrderAsync(filters.Symbol, order, ct).ConfigureAwait(false);
            switch (response.Outcome)
            {
                case RestOutcome.Ok:
                    if (algo)
                    {
                        _algoOrders[order.ClientOrderId] = true;
                    }

                    PublishOrderBody(order, response.Body, algo);
                    return;
                case RestOutcome.Unknown:
                    await ResolveAsync(order, filters.Symbol, algo, response, ct).ConfigureAwait(false);
                    return;
                case RestOutcome.Unavailable when attempt < _options.UnavailableRetries:
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    delay *= 2;
                    continue;
                case RestOutcome.Rejected when response.Code == -1021 && !timestampRetried:
                    timestampRetried = true;
                    await _rest.SyncTimeAsync(ct).ConfigureAwait(false);
                    continue;
                default:
                    if (response.Status == 0 && response.Outcome == RestOutcome.Throttled)
                    {
                        Interlocked.Increment(ref _localRejects); // our own limiter stopped it: never sent
                    }

                    Publish(order, OrderUpdateCode.Rejected, ReasonOf(response), response.Code, 0, 0, 0, 0);
                    return;
            }
        }
    }

    private async Task ResolveAsync(OrderRequest order, string symbol, bool algo, RestResponse first, CancellationToken ct)
    {
        Publish(order, OrderUpdateCode.UnknownOutcome, OrderRejectReason.None, first.Code, 0, 0, 0, 0);
        var delay = _options.ResolveBackoff;
        var notFoundSeen = false;
        for (var attempt = 0; attempt < _options.ResolveAttempts; attempt++)
        {
            var response = await _rest.QueryOrderAsync(symbol, order.ClientOrderId, algo, ct).ConfigureAwait(false);
            if (response.Outcome == RestOutcome.Ok)
            {
                if (algo)
                {
                    _algoOrders[order.ClientOrderId] = true;
                }

                PublishOrderBody(order, response.Body, algo);
                return;
            }

            if (response.Outcome == RestOutcome.Rejected && response.Code == -2013)
            {
                if (notFoundSeen)
                {
                    Publish(order, OrderUpdateCode.ResolvedNotFound, OrderRejectReason.UnknownOrder, -2013, 0, 0, 0, 0);
                    return;
                }

                notFoundSeen = true;
                await Task.Delay(_options.NotFoundConfirmDelay, ct).ConfigureAwait(false);
                continue;
            }

            await Task.Delay(delay, ct).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }

        // Still unknown: the core keeps the scope in REDUCING; the user stream or reconciliation settles it.
    }

    private async Task CancelAsync(ushort symbolId, ClientOrderId id, CancellationToken ct)
    {
        var order = new OrderRequest { SymbolId = symbolId, ClientOrderId = id };
        if (symbolId >= _instruments.Count || !_info.TryGet(_instruments[symbolId].Symbol, out var filters))
        {
            Publish(order, OrderUpdateCode.CancelRejected, OrderRejectReason.UnknownSymbol, 0, 0, 0, 0, 0);
            return;
        }

        var algo = _algoOrders.ContainsKey(id);
        var delay = _options.UnavailableBackoff;
        for (var attempt = 0; ; attempt++)
        {
            var response = await _rest.CancelOrderAsync(filters.Symbol, id, algo, ct).ConfigureAwait(false);
            switch (response.Outcome)
            {
                case RestOutcome.Ok:
                    if (algo)
                    {
                        _algoOrders.Remove(id);
                        Publish(order, OrderUpdateCode.Canceled, OrderRejectReason.None, 0, 0, 0, 0, 0);
                    }
                    else
                    {
                        PublishOrderBody(order, response.Body, algo: false);
                    }

                    return;
                case RestOutcome.Unknown:
                case RestOutcome.Unavailable when attempt < _options.UnavailableRetries:
                    // A repeated cancel is harmless (-2011 at worst): retry, then query what happened.
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    delay *= 2;
                    if (attempt >= _options.UnavailableRetries)
                    {
                        await ResolveAsync(order, filters.Symbol, algo, response, ct).ConfigureAwait(false);
                        return;
                    }

                    continue;
                default:
                    Publish(order, OrderUpdateCode.CancelRejected, ReasonOf(response), response.Code, 0, 0, 0, 0);
                    return;
            }
        }
    }

    private void RejectLocally(in OrderRequest order, OrderRejectReason reason)
    {
        Interlocked.Increment(ref _localRejects);
        Publish(order, OrderUpdateCode.Rejected, reason, 0, 0, 0, 0, 0);
    }

    private void PublishOrderBody(in OrderRequest order, byte[] body, bool algo)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        var status = Str(root, algo ? "algoStatus" : "status");
        var code = status switch
        {
            "NEW" => OrderUpdateCode.Accepted,
            "PARTIALLY_FILLED" => OrderUpdateCode.PartiallyFilled,
            "FILLED" or "FINISHED" => OrderUpdateCode.Filled,
            "CANCELED" => OrderUpdateCode.Canceled,
            "EXPIRED" or "EXPIRED_IN_MATCH" => OrderUpdateCode.Expired,
            "TRIGGERING" or "TRIGGERED" => OrderUpdateCode.Accepted,
            _ => OrderUpdateCode.Rejected,
        };
        var executed = Fixed(root, algo ? "aq" : "executedQty");
        var avg = Fixed(root, algo ? "ap" : "avgPrice");
        var orderId = root.TryGetProperty(algo ? "algoId" : "orderId", out var id) && id.TryGetInt64(out var n) ? n : 0;
        Publish(order, code, code == OrderUpdateCode.Rejected ? OrderRejectReason.VenueOther : OrderRejectReason.None, 0, orderId, avg, executed, executed);
    }

    private void Publish(in OrderRequest order, OrderUpdateCode code, OrderRejectReason reason, int venueCode, long orderId, long price, long quantity, long cumulative)
    {
        var evt = default(InputEvent);
        evt.Kind = InputKind.OrderUpdate;
        evt.Venue = Venue.BinanceUsdM;
        evt.SymbolId = order.SymbolId;
        evt.Code = (ushort)code;
        evt.Flags = (ushort)order.Side;
        evt.ClientOrderId = order.ClientOrderId;
        evt.SourceSequence = orderId;
        evt.ReceiveTimeNs = _clock.NowNanos;
        evt.Price = new Price(price);
        evt.Quantity = new Quantity(quantity);
        evt.Aux0 = cumulative;
        evt.Aux2 = venueCode;
        evt.Aux3 = (long)reason;
        _sink.Publish(in evt);
    }

    /// <summary>Maps a venue error to a typed reason.</summary>
    internal static OrderRejectReason ReasonOf(RestResponse response)
    {
        if (response.Outcome == RestOutcome.Throttled)
        {
            return response.Status == 0 ? OrderRejectReason.RateLimited : OrderRejectReason.Banned;
        }

        if (response.Outcome == RestOutcome.Unavailable)
        {
            return OrderRejectReason.VenueUnavailable;
        }

        return response.Code switch
        {
            -1021 => OrderRejectReason.Timestamp,
            -1022 or -2014 or -2015 => OrderRejectReason.Authentication,
            -1121 => OrderRejectReason.UnknownSymbol,
            -2018 or -2019 => OrderRejectReason.Margin,
            -2022 => OrderRejectReason.ReduceOnly,
            -5022 => OrderRejectReason.PostOnlyWouldCross,
            -4116 => OrderRejectReason.DuplicateClientOrderId,
            -2011 or -2013 => OrderRejectReason.UnknownOrder,
            -4014 => OrderRejectReason.PriceTick,
            -4013 or -4002 => OrderRejectReason.PriceRange,
            -4023 => OrderRejectReason.QuantityStep,
            -4004 or -4005 or -4003 => OrderRejectReason.QuantityRange,
            -4164 => OrderRejectReason.MinNotional,
            -4016 or -4024 or -4131 => OrderRejectReason.PercentPrice,
            -4120 => OrderRejectReason.UnsupportedType,
            -1015 or -1003 => OrderRejectReason.RateLimited,
            _ => OrderRejectReason.VenueOther,
        };
    }

    private static string Str(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : string.Empty;

    private static long Fixed(JsonElement e, string name)
    {
        var s = Str(e, name);
        return s.Length > 0 && DecimalCodec.TryParseFixed(s, out var raw) ? raw : 0;
    }
}
