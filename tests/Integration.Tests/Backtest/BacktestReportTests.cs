using Xunit;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Services.Backtest;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Integration.Tests.Backtest;

/// <summary>The backtest report and its audits, on journals written slot by slot: each figure from the journal alone.</summary>
public sealed class BacktestReportTests : IDisposable
{
    private const long Ms = 1_000_000;
    private const ushort Instance = 3;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qt-bt-" + Guid.NewGuid().ToString("N"));
    private readonly List<InputEvent> _slots = new();
    private long _nowMs = 1_000;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static AuditLimits Limits(long maxPositionNotional = 0, long graceMs = 2_000, long maxLeverage = 20) =>
        new(10_000 * FixedPoint.Scale, maxPositionNotional * FixedPoint.Scale, 0, 0, maxLeverage * FixedPoint.Scale, 0, graceMs * Ms);

    private void Trade(decimal price, long afterMs = 10)
    {
        _nowMs += afterMs;
        _slots.Add(new InputEvent { Kind = InputKind.Trade, Venue = Venue.BinanceUsdM, ExchangeTimeNs = _nowMs * Ms, Price = Price.FromDecimal(price), Quantity = Quantity.FromDecimal(0.01m), Valid = true });
    }

    private void Order(long decision, OrderPurpose purpose, Side side, decimal qty, decimal reference, bool close = false, decimal stop = 0)
    {
        _nowMs += 1;
        _slots.Add(new InputEvent
        {
            Kind = InputKind.Trade,
            Venue = Venue.BinanceUsdM,
            ExchangeTimeNs = _nowMs * Ms,
            Price = Price.FromDecimal(reference),
            Valid = true,
            Purpose = purpose,
            OrderSide = side,
            OrderQuantity = Quantity.FromDecimal(qty),
            OrderReferencePrice = Price.FromDecimal(reference),
            ClosePosition = close,
            ReduceOnly = purpose != OrderPurpose.Entry && !close,
            OrderType = stop != 0 ? OrderType.StopMarket : OrderType.Market,
            OrderStopPrice = Price.FromDecimal(stop),
            SignalSide = purpose == OrderPurpose.Entry ? side : Side.None, // an entry journals its sizing record
            OrderLeverage = purpose == OrderPurpose.Entry ? new Leverage(3 * FixedPoint.Scale) : default,
            Approved = true,
            DecisionId = decision,
        });
    }

    private void Update(long decision, OrderUpdateCode code, Side side, decimal price = 0, decimal qty = 0, decimal cumulative = 0, decimal fee = 0, long tradeId = 0, long afterMs = 5)
    {
        _nowMs += afterMs;
        _slots.Add(new InputEvent
        {
            Kind = InputKind.OrderUpdate,
            Venue = Venue.Simulated,
            Code = (ushort)code,
            Flags = (ushort)side,
            ExchangeTimeNs = _nowMs * Ms,
            ClientOrderId = new ClientOrderId(Instance, decision),
            Price = Price.FromDecimal(price),
            Quantity = Quantity.FromDecimal(qty),
            Aux0 = Quantity.FromDecimal(cumulative).Raw,
            Aux1 = (long)(fee * FixedPoint.Scale),
            Aux2 = tradeId,
            Valid = true,
        });
    }

    private BacktestReport Report(AuditLimits limits)
    {
        var registry = new InstrumentRegistry();
        registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        var clock = new ManualClock(1_700_000_000_000_000_000);
        using (var writer = JournalWriter.Open(new JournalOptions { Directory = _directory, SegmentSize = 1024 * 1024, SchemaFingerprint = JournalSchema.Fingerprint }, clock))
        {
            var stage = new JournalStage(writer, Instance, registry);
            stage.OnStart();
            for (var i = 0; i < _slots.Count; i++)
            {
                var slot = _slots[i];
                stage.OnEvent(ref slot, i, true);
            }
        }

        return BacktestReport.FromJournal(_directory, limits);
    }

    // A long of 0.1 at 60,000, its protective stop accepted at once, closed at 61,000 by the take-profit.
    private void ProtectedLong(bool stop = true)
    {
        Trade(60_000m);
        Order(10, OrderPurpose.Entry, Side.Buy, 0.1m, 60_000m);
        Update(10, OrderUpdateCode.Accepted, Side.Buy);
        Update(10, OrderUpdateCode.Filled, Side.Buy, 60_000m, 0.1m, 0.1m, 2.4m, tradeId: 1);
        Update(10, OrderUpdateCode.Filled, Side.Buy, 60_000m, 0.1m, 0.1m, 2.4m, tradeId: 1); // the same fill twice
        if (stop)
        {
            Order(11, OrderPurpose.ProtectiveStop, Side.Sell, 0m, 60_000m, close: true, stop: 59_000m);
            Update(11, OrderUpdateCode.Accepted, Side.Sell);
        }

        Trade(60_500m, afterMs: 1_500);
        Trade(61_000m, afterMs: 1_500);
        Order(12, OrderPurpose.TakeProfit, Side.Sell, 0.1m, 61_000m);
        Update(12, OrderUpdateCode.Filled, Side.Sell, 61_000m, 0.1m, 0.1m, 2.44m, tradeId: 2);
        if (stop)
        {
            Update(11, OrderUpdateCode.Expired, Side.Sell);
        }

        Trade(61_000m, afterMs: 3_000);
    }

    [Fact]
    public void ProtectedRoundTrip_PnlFeesExitReason_NoAuditFinding()
    {
        ProtectedLong();
        var r = Report(Limits());
        var trade = Assert.Single(r.Trades);
        Assert.Equal(100m, trade.Pnl);          // 0.1 × (61,000 − 60,000)
        Assert.Equal(4.84m, trade.Fees);
        Assert.Equal(95.16m, trade.Net);
        Assert.Equal("take_profit", trade.ExitReason);
        Assert.Equal(95.16m, r.NetPnl);
        Assert.Equal(2, r.Fills);
        Assert.Equal(1, r.DuplicateFills);
        Assert.Equal(3, r.Orders);
        Assert.Equal(1L, r.ExitsByReason["take_profit"]);
        Assert.Equal(1.0, r.WinRate);
        Assert.Null(r.ProfitFactor);
        Assert.Equal(0, r.UnprotectedPositions);
        Assert.Equal(0, r.LimitViolations);
        Assert.Equal(0, r.OpenPositionsAtEnd);
    }

    [Fact]
    public void PositionWithoutAStop_PastTheGrace_IsCountedUnprotected()
    {
        ProtectedLong(stop: false);
        var r = Report(Limits(graceMs: 2_000));
        Assert.Equal(1, r.UnprotectedPositions);
        Assert.Contains("BTCUSDT", r.UnprotectedDetails[0]);
    }

    [Fact]
    public void PositionWithoutAStop_ClosedWithinTheGrace_IsNotCounted()
    {
        ProtectedLong(stop: false);
        var r = Report(Limits(graceMs: 10_000));
        Assert.Equal(0, r.UnprotectedPositions);
    }

    [Fact]
    public void EntryPastThePositionLimit_IsALimitViolation()
    {
        ProtectedLong();
        var r = Report(Limits(maxPositionNotional: 5_000)); // 0.1 × 60,000 = 6,000 > 5,000
        Assert.Equal(1, r.LimitViolations);
        Assert.Contains("max position notional", r.LimitViolationDetails[0]);
    }

    [Fact]
    public void EntryPastTheLeverageLimit_IsALimitViolation()
    {
        ProtectedLong(); // sized at 3x
        Assert.Equal(0, Report(Limits(maxLeverage: 3)).LimitViolations);
        Dispose();
        Assert.Equal(1, Report(Limits(maxLeverage: 2)).LimitViolations);
    }

    [Fact]
    public void LosingShort_DrawdownAndProfitFactor()
    {
        Trade(60_000m);
        Order(20, OrderPurpose.Entry, Side.Sell, 0.2m, 60_000m);
        Update(20, OrderUpdateCode.Filled, Side.Sell, 60_000m, 0.2m, 0.2m, 0m, tradeId: 7);
        Order(21, OrderPurpose.ProtectiveStop, Side.Buy, 0m, 60_000m, close: true, stop: 60_600m);
        Update(21, OrderUpdateCode.Accepted, Side.Buy);
        Trade(60_600m);
        Update(21, OrderUpdateCode.Filled, Side.Buy, 60_600m, 0.2m, 0.2m, 0m, tradeId: 8);
        var r = Report(Limits());
        var trade = Assert.Single(r.Trades);
        Assert.Equal(-120m, trade.Net);        // 0.2 × (60,000 − 60,600)
        Assert.Equal("protective_stop", trade.ExitReason);
        Assert.Equal(120m, r.MaxDrawdown);
        Assert.Equal(0.0, r.WinRate);
        Assert.Equal(0.0, r.ProfitFactor);     // no win, a loss
        Assert.Equal(0, r.UnprotectedPositions);
    }
}
