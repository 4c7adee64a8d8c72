using CsCheck;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Testing.Account;
using Xunit;
using static QuantumTrader.Stages.Tests.Risk.GateHarness;

namespace QuantumTrader.Stages.Tests.Risk;

/// <summary>
/// Random sequences of entries, exits (reduce-only and close-position, on either side), fills, cancels, mark moves and
/// equity moves over three symbols: every approved exit only reduces, every approved entry leaves each configured limit
/// at or under its value. The figures are recomputed here from the fake ledger's orders, not read from the gate.
/// </summary>
public sealed class GatePropertyTests
{
    private static readonly GateOptions Limits = new()
    {
        Symbols = 3,
        MaxPositionNotional = 2_500,
        MaxOrderNotional = 2_000,
        MaxTotalNotional = 4_000,
        MaxExposureShare = 0.5,
        MaxOpenPositions = 2,
        MaxLeverage = 20,
        MaxOrdersPerSymbol = 4,
        MaxOrders = 6,
        OrderRateWindowNs = 10 * Second,
        DailyLossLimit = 0.1,
        MaxDrawdown = 0.2,
        MaxPortfolioHeat = 0.02,
        Clusters = [0, 0, -1],
        MaxClusterPositions = 1,
        MaxClusterHeat = 0.015,
    };

    private static readonly Gen<(int Kind, int Symbol, bool Buy, int Size, int Param)> Step =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 2], Gen.Bool, Gen.Int[1, 30], Gen.Int[0, 1_000]);

    [Fact]
    public void AnySequence_ApprovedExitsOnlyReduce_ApprovedEntriesKeepEveryLimit()
    {
        Step.Array[1, 80].Sample(steps =>
        {
            var h = new GateHarness(Limits);
            var approvals = new List<(long Time, int Symbol)>();
            foreach (var (kind, symbolIndex, buy, size, param) in steps)
            {
                var symbol = (ushort)symbolIndex;
                var side = buy ? Side.Buy : Side.Sell;
                var mark = h.Ledger.MarkPrice(symbol);
                h.Now += (param % 5) * Second / 2;
                switch (kind)
                {
                    case 0:
                    case 1:
                    {
                        var distance = mark * ((param % 6) + 1) / 100; // 1..6% stop
                        var entry = Entry(symbol, side, size * Unit / 2, mark, side == Side.Buy ? mark - distance : mark + distance, ((param % 30) + 1) * Unit);
                        var done = h.Run(entry);
                        if (done.Approved)
                        {
                            approvals.Add((h.Now, symbol));
                            AssertLimits(h, done, approvals);
                        }

                        break;
                    }

                    case 2:
                    {
                        var before = ExitRoom(h.Ledger, symbol, side, 0);
                        var exit = Exit(symbol, side, size * Unit / 4, param % 2 == 0 ? OrderPurpose.Harvest : OrderPurpose.TrailingStop);
                        var done = h.Run(exit);
                        if (done.Approved)
                        {
                            approvals.Add((h.Now, symbol));
                            Assert.True(exit.OrderQuantity.Raw <= before, $"a reduce-only {side} of {exit.OrderQuantity.Raw} approved with room for {before}");
                        }

                        break;
                    }

                    case 3:
                    {
                        var done = h.Run(Exit(symbol, side, 0, OrderPurpose.ProtectiveStop, reduceOnly: false, closePosition: true));
                        if (done.Approved)
                        {
                            approvals.Add((h.Now, symbol));
                            var position = h.Ledger.Position(symbol);
                            Assert.True(position != 0 && (position > 0) == (side == Side.Sell), "a close-position order on the position's own side");
                        }

                        break;
                    }

                    case 4:
                    case 5:
                    {
                        var live = h.Ledger.Orders.Where(o => o.Live).ToList();
                        if (live.Count > 0)
                        {
                            var order = live[param % live.Count];
                            var before = Math.Abs(h.Ledger.Position(order.View.SymbolId));
                            h.Ledger.Fill(order.View.DecisionId, kind == 4 ? order.View.Quantity : size * Unit / 8);
                            if (order.View.Purpose != OrderPurpose.Entry)
                            {
                                Assert.True(Math.Abs(h.Ledger.Position(order.View.SymbolId)) <= before, "an exit's fill increased |exposure|");
                            }
                        }

                        break;
                    }

                    case 6:
                    {
                        var live = h.Ledger.Orders.Where(o => o.Live).ToList();
                        if (live.Count > 0)
                        {
                            h.Ledger.End(live[param % live.Count].View.DecisionId, param % 3 == 0 ? OrderState.Rejected : OrderState.Canceled);
                        }

                        h.Ledger.SetMark(symbol, (80 + (param % 41)) * Unit);
                        break;
                    }

                    default:
                        h.Ledger.Equity = (8_500 + (param * 3)) * Unit;
                        h.Ledger.PeakEquity = Math.Max(h.Ledger.PeakEquity, h.Ledger.Equity);
                        h.Tick();
                        break;
                }
            }
        }, iter: 400);
    }

    // How much a reduce-only order on `side` may still close: the position when `side` closes it, less what the
    // other live reduce-only orders may close; 0 when flat or on the position's own side.
    private static long ExitRoom(FakeOrderLedger ledger, ushort symbol, Side side, long cancelled)
    {
        var position = ledger.Position(symbol);
        if (position == 0 || (position > 0) == (side == Side.Buy))
        {
            return 0;
        }

        var room = Math.Abs(position);
        foreach (var o in ledger.Orders)
        {
            if (o.Live && o.View.SymbolId == symbol && o.View.Purpose != OrderPurpose.Entry && o.View.DecisionId != cancelled)
            {
                room -= o.View.Quantity - o.View.Filled;
            }
        }

        return Math.Max(0, room);
    }

    private static void AssertLimits(GateHarness h, InputEvent entry, List<(long Time, int Symbol)> approvals)
    {
        var l = h.Ledger;
        var s = entry.OrderSymbolId;
        var equity = (decimal)l.Equity / Unit;
        decimal total = 0, heat = 0, clusterHeat = 0;
        int open = 0, clusterOpen = 0;
        for (ushort i = 0; i < l.SymbolCount; i++)
        {
            var held = (decimal)Math.Abs(l.Position(i)) / Unit;
            var entering = 0m;
            var enteringRisk = 0m;
            foreach (var o in l.Orders)
            {
                if (o.Live && o.View.SymbolId == i && o.View.Purpose == OrderPurpose.Entry)
                {
                    var remaining = (decimal)(o.View.Quantity - o.View.Filled) / Unit;
                    entering += remaining;
                    enteringRisk += remaining * Math.Abs(o.Reference - o.StopLoss) / Unit;
                }
            }

            if (held == 0 && entering == 0)
            {
                continue;
            }

            var risk = (held * Math.Abs(l.AverageEntry(i) - l.InitialStopPrice(i)) / Unit) + enteringRisk;
            open++;
            total += (held + entering) * l.MarkPrice(i) / Unit;
            heat += risk;
            if (Limits.Clusters[i] == 0 && Limits.Clusters[s] == 0)
            {
                clusterOpen++;
                clusterHeat += risk;
            }
        }

        var notional = (decimal)entry.OrderQuantity.Raw / Unit * entry.OrderReferencePrice.Raw / Unit;
        var mark = (decimal)l.MarkPrice(s) / Unit;
        var price = (decimal)entry.OrderReferencePrice.Raw / Unit;
        var stop = Math.Abs(price - ((decimal)entry.StopLossPrice.Raw / Unit));
        var leverage = (decimal)entry.OrderLeverage.Raw / Unit;
        Assert.True(l.Position(s) == 0, "an entry on a symbol with a position");
        Assert.True(open <= Limits.MaxOpenPositions, $"{open} open");
        Assert.True(notional <= (decimal)Limits.MaxOrderNotional && notional <= (decimal)Limits.MaxPositionNotional, $"order notional {notional}");
        Assert.True(total - ((decimal)Math.Abs(l.OpenEntryExposure(s)) / Unit * mark) + notional <= (decimal)Limits.MaxTotalNotional, $"total notional {total}");
        Assert.True(total - ((decimal)Math.Abs(l.OpenEntryExposure(s)) / Unit * mark) + notional <= (decimal)Limits.MaxExposureShare * equity, $"exposure {total} of {equity}");
        Assert.True(heat <= (decimal)Limits.MaxPortfolioHeat * equity, $"heat {heat} of {equity}");
        Assert.True(Limits.Clusters[s] < 0 || (clusterOpen <= Limits.MaxClusterPositions && clusterHeat <= (decimal)Limits.MaxClusterHeat * equity), $"cluster {clusterOpen} open, heat {clusterHeat}");
        Assert.True(leverage <= (decimal)Limits.MaxLeverage, $"leverage {leverage}");
        Assert.True((1 / leverage) - 0.004m >= 1.5m * stop / price, $"liquidation inside 1.5 stops at {leverage}x, stop {stop}");
        Assert.True(Math.Abs(price - mark) * 10_000 <= 100 * mark, "price collar");
        Assert.True(l.Equity * 10 >= l.DayStartEquity * 9 && l.Equity * 10 >= l.PeakEquity * 8, "an entry past a loss limit");
        var now = h.Now;
        Assert.True(approvals.Count(a => a.Time > now - Limits.OrderRateWindowNs) <= Limits.MaxOrders, "global order rate");
        Assert.True(approvals.Count(a => a.Symbol == s && a.Time > now - Limits.OrderRateWindowNs) <= Limits.MaxOrdersPerSymbol, "symbol order rate");
    }
}
