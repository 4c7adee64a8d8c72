using QuantumTrader.Gateway.Tests.Fake;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Gateway.Tests.Binance.Http;

/// <summary>The live order gateway against the fake Binance server over real loopback sockets.</summary>
[Trait("Category", "Integration")]
public sealed class BinanceOrderGatewayTests
{
    private static OrderRequest Market(long seq, Side side = Side.Buy, decimal qty = 0.01m) => new()
    {
        ClientOrderId = new ClientOrderId(1, seq),
        SymbolId = 0,
        Side = side,
        Type = OrderType.Market,
        Quantity = Quantity.FromDecimal(qty),
        ReferencePrice = FakeServerFixture.Reference,
    };

    private static OrderRequest Limit(long seq, decimal price, TimeInForce tif, Side side = Side.Buy, decimal qty = 0.01m) => new()
    {
        ClientOrderId = new ClientOrderId(1, seq),
        SymbolId = 0,
        Side = side,
        Type = OrderType.Limit,
        TimeInForce = tif,
        Price = Price.FromDecimal(price),
        Quantity = Quantity.FromDecimal(qty),
        ReferencePrice = FakeServerFixture.Reference,
    };

    private static InputEvent Await(FakeServerFixture f, long seq, OrderUpdateCode code)
    {
        var e = f.Sink.WaitFor(x => x.Kind == InputKind.OrderUpdate && x.ClientOrderId.Sequence == seq && x.Code == (ushort)code);
        Assert.True(e.HasValue, $"no {code} for order {seq}; got: {string.Join(", ", f.Sink.Snapshot().Select(x => (OrderUpdateCode)x.Code))}");
        return e.Value;
    }

    [Fact(Timeout = 20_000)]
    public async Task IoThread_IdlesThroughTheStrategyAfterEachCommand_ThenParks_AndStillTakesTheNextOrder()
    {
        var idle = new CountingIdle();
        await using var f = await FakeServerFixture.StartAsync(gatewayIdle: idle);

        // At start the queue is empty: the thread takes its bounded idle steps, then parks (the count stops there).
        Assert.True(SpinWait.SpinUntil(() => idle.Steps >= 200, TimeSpan.FromSeconds(15)), $"idle steps: {idle.Steps}");
        Assert.Equal(200, idle.Steps);

        // A parked thread is woken by the next command, and after it idles through the strategy again (reset first).
        Assert.True(f.Gateway.Submit(Market(1)));
        Await(f, 1, OrderUpdateCode.Filled);
        Assert.True(SpinWait.SpinUntil(() => idle.Steps >= 400, TimeSpan.FromSeconds(15)), $"idle steps: {idle.Steps}");
        Assert.True(idle.Resets >= 1);
    }

    private sealed class CountingIdle : QuantumTrader.Engine.Threading.IIdleStrategy
    {
        private int _steps;
        private int _resets;

        public int Steps => Volatile.Read(ref _steps);

        public int Resets => Volatile.Read(ref _resets);

        public void Idle(int workCount) => Interlocked.Increment(ref _steps);

        public void Reset() => Interlocked.Increment(ref _resets);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_MarketOrder_FilledAndPositionOnServer()
    {
        await using var f = await FakeServerFixture.StartAsync();
        Assert.True(f.Gateway.Submit(Market(1, qty: 1.5m)));
        var fill = Await(f, 1, OrderUpdateCode.Filled);
        Assert.Equal(Quantity.FromDecimal(1.5m).Raw, fill.Aux0);
        // 1.0 at 60000.0 and 0.5 at 60000.1: average 60000.0333… truncated to the 2-decimal precision the venue formats.
        Assert.Equal(Price.FromDecimal(60000.03m), fill.Price);
        Assert.True(fill.SourceSequence > 0);
        Assert.Equal(Quantity.FromDecimal(1.5m).Raw, f.Server.Exchange.PositionOf("BTCUSDT"));
        Assert.Equal(1, f.PostsFor("qt1-1"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_PriceOffTick_RejectedLocallyNeverSent()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Limit(2, 59000.05m, TimeInForce.Gtc));
        var e = Await(f, 2, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.PriceTick, e.Aux3);
        Assert.Equal(0, f.PostsFor("qt1-2"));
        Assert.Equal(1, f.Gateway.LocalRejects);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_LimitBeyondPercentPrice_CheckedLocallyAtTheReferenceTheRequestCarries()
    {
        await using var f = await FakeServerFixture.StartAsync();

        // 63000.1 is above 1.05 × 60000 (the fake's mark) but within 1.05 × 61000: the carried reference decides locally.
        f.Gateway.Submit(Limit(31, 63000.1m, TimeInForce.Gtc));
        var local = Await(f, 31, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.PercentPrice, local.Aux3);
        Assert.Equal(0, f.PostsFor("qt1-31"));
        Assert.Equal(1, f.Gateway.LocalRejects);

        f.Gateway.Submit(Limit(32, 63000.1m, TimeInForce.Gtc) with { ReferencePrice = Price.FromDecimal(61000m) });
        var venue = Await(f, 32, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.PercentPrice, venue.Aux3); // the venue's own check, at its mark
        Assert.Equal(1, f.PostsFor("qt1-32"));
        Assert.Equal(1, f.Gateway.LocalRejects);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_BelowMinNotional_RejectedLocally()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Market(3, qty: 0.001m)); // 60 USDT < 100
        var e = Await(f, 3, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.MinNotional, e.Aux3);
        Assert.Equal(0, f.PostsFor("qt1-3"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_PostOnlyThatWouldCross_VenueRejects5022()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Limit(4, 60001.0m, TimeInForce.Gtx));
        var e = Await(f, 4, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.PostOnlyWouldCross, e.Aux3);
        Assert.Equal(-5022, e.Aux2);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_Unknown503ButPlaced_ResolvedByQueryWithoutResend()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmUnknownAfterPlace();
        f.Gateway.Submit(Market(5));
        Await(f, 5, OrderUpdateCode.UnknownOutcome);
        var filled = Await(f, 5, OrderUpdateCode.Filled);
        Assert.Equal(Quantity.FromDecimal(0.01m).Raw, filled.Aux0);
        Assert.Equal(1, f.PostsFor("qt1-5"));
        Assert.Single(f.Server.Exchange.Orders);
        Assert.Contains(f.Server.RequestLog, l => l.StartsWith("GET /fapi/v1/order?", StringComparison.Ordinal) && l.Contains("origClientOrderId=qt1-5", StringComparison.Ordinal));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_Unknown503NotPlaced_ResolvedNotFoundAfterTwoQueries()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmUnknownNotPlaced();
        f.Gateway.Submit(Market(6));
        Await(f, 6, OrderUpdateCode.UnknownOutcome);
        Await(f, 6, OrderUpdateCode.ResolvedNotFound);
        Assert.Equal(1, f.PostsFor("qt1-6"));
        Assert.Empty(f.Server.Exchange.Orders);
        Assert.Equal(2, f.Server.RequestLog.Count(l => l.StartsWith("GET /fapi/v1/order?", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_ConnectionDroppedAfterPlacing_UnknownThenFilled()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmDropConnection();
        f.Gateway.Submit(Market(7));
        Await(f, 7, OrderUpdateCode.UnknownOutcome);
        Await(f, 7, OrderUpdateCode.Filled);
        Assert.Equal(1, f.PostsFor("qt1-7"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_ServiceUnavailableOnce_RetriedSameClientIdAndFilled()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmServiceUnavailable();
        f.Gateway.Submit(Market(8));
        Await(f, 8, OrderUpdateCode.Filled);
        Assert.Equal(2, f.PostsFor("qt1-8"));
        Assert.Single(f.Server.Exchange.Orders);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_TooManyRequests_RejectedAndNextOrderHeldLocallyDuringRetryAfter()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.RetryAfterSeconds = 30;
        f.Server.Faults.ArmTooManyRequests();
        f.Gateway.Submit(Market(9));
        var first = Await(f, 9, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.Banned, first.Aux3);
        f.Gateway.Submit(Market(10));
        var second = Await(f, 10, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.RateLimited, second.Aux3);
        Assert.Equal(0, f.PostsFor("qt1-10"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_Banned418_NothingSentUntilBanEnds()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.RetryAfterSeconds = 120;
        f.Server.Faults.ArmBanned();
        f.Gateway.Submit(Market(11));
        Await(f, 11, OrderUpdateCode.Rejected);
        Assert.True(f.Rest.Limiter.BannedUntilNs > 0);
        f.Gateway.Cancel(0, new ClientOrderId(1, 11));
        Await(f, 11, OrderUpdateCode.CancelRejected);
        Assert.DoesNotContain(f.Server.RequestLog, l => l.StartsWith("DELETE", StringComparison.Ordinal));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_TimestampRejected_ResyncsTimeAndRetriesOnce()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmTimestampError();
        f.Gateway.Submit(Market(12));
        Await(f, 12, OrderUpdateCode.Filled);
        Assert.Contains(f.Server.RequestLog, l => l == "GET /fapi/v1/time");
        Assert.Equal(2, f.PostsFor("qt1-12"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_WrongSecret_AuthenticationRejected()
    {
        await using var f = await FakeServerFixture.StartAsync(secret: "not-the-secret");
        f.Gateway.Submit(Market(13));
        var e = Await(f, 13, OrderUpdateCode.Rejected);
        Assert.Equal((long)OrderRejectReason.Authentication, e.Aux3);
        Assert.Equal(-1022, e.Aux2);
    }

    [Fact(Timeout = 20_000)]
    public async Task Cancel_RestingLimit_CanceledThenSecondCancelRejected()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Limit(14, 59000.0m, TimeInForce.Gtc));
        Await(f, 14, OrderUpdateCode.Accepted);
        f.Gateway.Cancel(0, new ClientOrderId(1, 14));
        Await(f, 14, OrderUpdateCode.Canceled);
        f.Gateway.Cancel(0, new ClientOrderId(1, 14));
        var e = Await(f, 14, OrderUpdateCode.CancelRejected);
        Assert.Equal((long)OrderRejectReason.UnknownOrder, e.Aux3);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_StopMarketClosePosition_GoesToAlgoEndpoint()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, 15),
            Side = Side.Sell,
            Type = OrderType.StopMarket,
            ClosePosition = true,
            StopPrice = Price.FromDecimal(58000m),
        });
        Await(f, 15, OrderUpdateCode.Accepted);
        Assert.Contains(f.Server.RequestLog, l => l.StartsWith("POST /fapi/v1/algoOrder?", StringComparison.Ordinal)
            && l.Contains("triggerPrice=58000", StringComparison.Ordinal) && l.Contains("clientAlgoId=qt1-15", StringComparison.Ordinal));
        Assert.DoesNotContain(f.Server.RequestLog, l => l.StartsWith("POST /fapi/v1/order?", StringComparison.Ordinal));
    }

    [Fact(Timeout = 20_000)]
    public async Task SyncTime_ServerClockAhead_OffsetMeasuredAndSignedRequestsAccepted()
    {
        await using var f = await FakeServerFixture.StartAsync(serverSkewMs: 30_000);
        Assert.True(await f.Rest.SyncTimeAsync());
        Assert.InRange(f.Rest.ServerTimeOffsetMs, 29_000, 31_000);
        f.Gateway.Submit(Market(16));
        Await(f, 16, OrderUpdateCode.Filled);
        Assert.Equal(1, f.PostsFor("qt1-16"));
    }

    [Fact(Timeout = 20_000)]
    public async Task Rest_Response_WeightHeaderFeedsLimiter()
    {
        await using var f = await FakeServerFixture.StartAsync();
        // exchangeInfo (1) at start-up, then time (1) and positionRisk (5).
        await f.Rest.SyncTimeAsync();
        var r = await f.Rest.GetPositionsAsync();
        Assert.Equal(QuantumTrader.Gateway.Binance.Http.RestOutcome.Ok, r.Outcome);
        Assert.Equal(7, f.Rest.Limiter.UsedWeight);
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_CallerThread_NeitherBlocksNorAllocates()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var offTick = Limit(100, 59000.05m, TimeInForce.Gtc);
        f.Gateway.Submit(offTick); // warm-up
        Await(f, 100, OrderUpdateCode.Rejected);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            offTick.ClientOrderId = new ClientOrderId(1, 200 + i);
            Assert.True(f.Gateway.Submit(offTick));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Await(f, 399, OrderUpdateCode.Rejected);
    }

    [Fact(Timeout = 20_000)]
    public async Task SetLeverage_ValidAndInvalid_VenueAnswers()
    {
        await using var f = await FakeServerFixture.StartAsync();
        var ok = await f.Rest.SetLeverageAsync("BTCUSDT", 20);
        Assert.Equal(QuantumTrader.Gateway.Binance.Http.RestOutcome.Ok, ok.Outcome);
        Assert.Contains("\"leverage\":20", System.Text.Encoding.UTF8.GetString(ok.Body), StringComparison.Ordinal);
        var bad = await f.Rest.SetLeverageAsync("DOGEUSDT", 20);
        Assert.Equal(QuantumTrader.Gateway.Binance.Http.RestOutcome.Rejected, bad.Outcome);
        Assert.Equal(-1121, bad.Code);
    }

    [Fact(Timeout = 20_000)]
    public async Task GetPositions_AfterFill_ReconciliationSnapshotHasPosition()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Market(101, Side.Sell, 0.02m));
        Await(f, 101, OrderUpdateCode.Filled);
        var r = await f.Rest.GetPositionsAsync();
        var body = System.Text.Encoding.UTF8.GetString(r.Body);
        Assert.Contains("\"symbol\":\"BTCUSDT\"", body, StringComparison.Ordinal);
        Assert.Contains("\"positionAmt\":\"-0.020\"", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20_000)]
    public async Task ReconcilePositions_AfterFill_PositionEventsPerSymbol()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(Market(102, Side.Buy, 0.03m));
        Await(f, 102, OrderUpdateCode.Filled);
        var sink = new RecordingSink();
        var reconciler = new QuantumTrader.Gateway.Binance.Http.AccountReconciler(f.Rest, f.Instruments, sink, QuantumTrader.Engine.Time.EpochClock.Instance);
        Assert.True(await reconciler.ReconcilePositionsAsync());
        var e = Assert.Single(sink.OfKind(InputKind.AccountUpdate));
        Assert.Equal((ushort)AccountUpdateCode.Position, e.Code);
        Assert.Equal(Quantity.FromDecimal(0.03m).Raw, e.Aux0);
    }

    [Fact(Timeout = 20_000)]
    public async Task ReconcilePositions_VenueUnavailable_NothingPublished()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Server.Faults.ArmServiceUnavailable();
        var sink = new RecordingSink();
        var reconciler = new QuantumTrader.Gateway.Binance.Http.AccountReconciler(f.Rest, f.Instruments, sink, QuantumTrader.Engine.Time.EpochClock.Instance);
        Assert.False(await reconciler.ReconcilePositionsAsync());
        Assert.Empty(sink.Snapshot());
    }

    [Fact(Timeout = 20_000)]
    public async Task Submit_TrailingStop_AlgoEndpointWithCallbackRate()
    {
        await using var f = await FakeServerFixture.StartAsync();
        f.Gateway.Submit(new OrderRequest
        {
            ClientOrderId = new ClientOrderId(1, 103),
            Side = Side.Sell,
            Type = OrderType.TrailingStopMarket,
            ReduceOnly = true,
            Quantity = Quantity.FromDecimal(0.01m),
            CallbackRateBasisPoints = 100,
        });
        Await(f, 103, OrderUpdateCode.Accepted);
        Assert.Contains(f.Server.RequestLog, l => l.StartsWith("POST /fapi/v1/algoOrder?", StringComparison.Ordinal) && l.Contains("callbackRate=1&", StringComparison.Ordinal));
        f.Gateway.Cancel(0, new ClientOrderId(1, 103));
        Await(f, 103, OrderUpdateCode.Canceled);
        Assert.Contains(f.Server.RequestLog, l => l.StartsWith("DELETE /fapi/v1/algoOrder?", StringComparison.Ordinal));
    }
}
