using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Exits;
using Xunit;
using static QuantumTrader.Stages.Tests.Exits.ExitHarness;

namespace QuantumTrader.Stages.Tests.Exits;

public sealed class ExitStageTests
{
    private static readonly ExitOptions NoTakeProfit = new() { TakeProfit = false };

    /// <summary>Opens the long, lets the stage place its stop on the fill slot and the venue confirm it.</summary>
    private static (ExitHarness H, long StopId) Protected(ExitOptions? options = null)
    {
        var h = new ExitHarness(options ?? NoTakeProfit);
        h.OpenLong();
        var stop = h.Step(0);
        Assert.Equal(OrderPurpose.ProtectiveStop, stop.Purpose);
        h.Account.SetState(stop.DecisionId, OrderState.New);
        return (h, stop.DecisionId);
    }

    [Fact]
    public void Flat_account_proposes_nothing()
    {
        var h = new ExitHarness();
        for (var t = 0; t < 10_000; t += 100)
        {
            Assert.Equal(OrderPurpose.None, h.Step(t).Purpose);
        }

        Assert.Empty(h.Actions);
        Assert.Equal(0, h.Stage.Audits);
    }

    [Fact]
    public void Protective_stop_goes_out_on_the_fill_slot_as_a_mark_price_close_position_stop_market()
    {
        var h = new ExitHarness();
        h.OpenLong(atMs: 7);
        var e = h.Step(7);
        Assert.Equal(OrderPurpose.ProtectiveStop, e.Purpose);
        Assert.Equal((ushort)0, e.OrderSymbolId);
        Assert.Equal(Side.Sell, e.OrderSide);
        Assert.Equal(OrderType.StopMarket, e.OrderType);
        Assert.True(e.ClosePosition);
        Assert.Equal(0, e.OrderQuantity.Raw);
        Assert.Equal(TriggerPrice.Mark, e.OrderTriggerOn);
        Assert.Equal(Raw(48_750m), e.OrderStopPrice.Raw);
        Assert.Equal(Raw(50_000m), e.OrderReferencePrice.Raw);
        Assert.Equal(1, h.Stage.Actions(OrderPurpose.ProtectiveStop));

        // Pending at the venue: not proposed again while it is live.
        for (var t = 8; t < 2_000; t += 50)
        {
            Assert.Equal(OrderPurpose.None, h.Step(t).Purpose);
        }
    }

    [Fact]
    public void A_short_gets_a_buy_stop_above_the_entry()
    {
        var h = new ExitHarness();
        h.Account.Open(1, -Raw(2m), Raw(3_000m), Raw(3_075m), Raw(2_887.5m), 0);
        var e = h.Step(0);
        Assert.Equal((ushort)1, e.OrderSymbolId);
        Assert.Equal(Side.Buy, e.OrderSide);
        Assert.Equal(Raw(3_075m), e.OrderStopPrice.Raw);
    }

    [Fact]
    public void A_slot_carrying_an_entry_is_left_alone_and_the_action_waits_for_the_next_slot()
    {
        var h = new ExitHarness();
        h.OpenLong();
        var entry = h.Step(0, s =>
        {
            s.Event.Purpose = OrderPurpose.Entry;
            s.Event.OrderSymbolId = 1;
            s.Event.OrderSide = Side.Buy;
            s.Event.OrderQuantity = new Quantity(Raw(1m));
        });
        Assert.Equal(OrderPurpose.Entry, entry.Purpose);
        Assert.Equal((ushort)1, entry.OrderSymbolId);
        Assert.Equal(Side.Buy, entry.OrderSide);
        Assert.Equal(0, entry.CancelDecisionId);
        Assert.Equal(1, h.Stage.Deferred);
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Step(1).Purpose);
    }

    [Fact]
    public void Blocked_stop_is_proposed_again_only_after_the_retry_interval_and_at_most_retries_times()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, RetryIntervalMs = 500, MaxRetries = 2, ProtectiveStopGraceMs = 60_000 });
        h.OpenLong();
        h.Approve = false; // the gate blocks every proposal
        var proposals = new List<long>();
        for (var t = 0; t <= 5_000; t += 100)
        {
            if (h.Step(t).Purpose == OrderPurpose.ProtectiveStop)
            {
                proposals.Add(t);
            }
        }

        Assert.Equal([0L, 500, 1_000], proposals);
        Assert.Equal(2, h.Stage.StopRetries);
        Assert.Equal(1, h.Stage.Exhausted);
    }

    [Theory]
    [InlineData(OrderState.Rejected)]
    [InlineData(OrderState.Expired)]
    [InlineData(OrderState.Canceled)]
    public void A_stop_that_ends_is_placed_again_after_the_retry_interval(OrderState end)
    {
        var (h, stopId) = Protected();
        h.Account.SetState(stopId, end);
        Assert.Equal(OrderPurpose.None, h.Step(100).Purpose); // spaced from the first proposal at 0
        var again = h.Step(500);
        Assert.Equal(OrderPurpose.ProtectiveStop, again.Purpose);
        Assert.Equal(Raw(48_750m), again.OrderStopPrice.Raw);
    }

    [Fact]
    public void No_stop_confirmed_by_the_end_of_the_grace_closes_the_position_as_unprotected()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, ProtectiveStopGraceMs = 3_000 });
        h.OpenLong(atMs: 1_000);
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Step(1_000).Purpose); // stays pending-new: never confirmed
        Assert.Equal(OrderPurpose.None, h.Step(4_000).Purpose);          // exactly the grace: not yet
        Assert.Equal(0, h.Stage.UnprotectedPastGrace);
        var close = h.Step(4_001);
        Assert.Equal(OrderPurpose.Unprotected, close.Purpose);
        Assert.Equal(OrderType.Market, close.OrderType);
        Assert.True(close.ReduceOnly);
        Assert.False(close.ClosePosition);
        Assert.Equal(Side.Sell, close.OrderSide);
        Assert.Equal(Raw(0.1m), close.OrderQuantity.Raw);
        Assert.Equal(1, h.Stage.UnprotectedPastGrace);
    }

    [Fact]
    public void A_stop_confirmed_within_the_grace_keeps_the_position_open()
    {
        var (h, _) = Protected();
        for (var t = 100; t < 60_000; t += 1_000)
        {
            Assert.Equal(OrderPurpose.None, h.Step(t).Purpose);
        }

        Assert.Equal(0, h.Stage.UnprotectedPastGrace);
        Assert.True(h.Stage.Audits >= 60);
    }

    [Fact]
    public void A_stop_lost_later_starts_a_new_grace()
    {
        var (h, stopId) = Protected(new ExitOptions { TakeProfit = false, ProtectiveStopGraceMs = 3_000, MaxRetries = 0 });
        h.Step(10_000);
        h.Account.SetState(stopId, OrderState.Expired);
        h.Step(20_000);                    // lost: re-placed at once (its budget started again when it was confirmed)
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Actions[^1].Purpose);
        Assert.Equal(OrderPurpose.None, h.Step(23_000).Purpose);
        Assert.Equal(OrderPurpose.Unprotected, h.Step(23_001).Purpose);
    }

    [Fact]
    public void A_stop_already_crossed_by_the_mark_is_a_market_close_instead()
    {
        var h = new ExitHarness(NoTakeProfit);
        h.OpenLong();
        h.Account.SetMark(0, Raw(48_700m));
        var e = h.Step(0);
        Assert.Equal(OrderPurpose.ProtectiveStop, e.Purpose);
        Assert.Equal(OrderType.Market, e.OrderType);
        Assert.True(e.ReduceOnly);
        Assert.Equal(Raw(0.1m), e.OrderQuantity.Raw);
    }

    [Fact]
    public void Entry_without_a_stop_price_places_nothing_and_is_closed_after_the_grace()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, ProtectiveStopGraceMs = 3_000 });
        h.Account.Open(0, Raw(0.1m), Raw(50_000m), 0, 0, 0);
        Assert.Equal(OrderPurpose.None, h.Step(0).Purpose);
        Assert.Equal(1, h.Stage.MissingStopPrice);
        Assert.Equal(OrderPurpose.Unprotected, h.Step(3_001).Purpose);
    }

    public static TheoryData<decimal, bool> EmergencyMarks => new()
    {
        { -1.0m, false },
        { -1.49m, false },
        { -1.5m, true },
        { -2.0m, true },
    };

    [Theory]
    [MemberData(nameof(EmergencyMarks))]
    public void Emergency_close_fires_at_minus_emergency_r_and_not_before(decimal r, bool fires)
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, HarvestLadderR = [] });
        h.MarkAtR(r);
        var e = h.Step(100);
        if (!fires)
        {
            Assert.Equal(OrderPurpose.None, e.Purpose);
            return;
        }

        Assert.Equal(OrderPurpose.EmergencyClose, e.Purpose);
        Assert.Equal(OrderType.Market, e.OrderType);
        Assert.True(e.ReduceOnly);
        Assert.Equal(Raw(0.1m), e.OrderQuantity.Raw);
        Assert.Equal(Side.Sell, e.OrderSide);
    }

    [Theory]
    [InlineData(239L * 60_000, false)]
    [InlineData((240L * 60_000) - 1, false)]
    [InlineData(240L * 60_000, true)]
    public void Time_stop_closes_after_time_stop_minutes(long afterMs, bool fires)
    {
        var h = new ExitHarness(NoTakeProfit);
        h.OpenLong(atMs: 5_000);
        h.Account.SetState(h.Step(5_000).DecisionId, OrderState.New);
        var e = h.Step(5_000 + afterMs);
        Assert.Equal(fires ? OrderPurpose.TimeStop : OrderPurpose.None, e.Purpose);
        if (fires)
        {
            Assert.True(e.ReduceOnly);
            Assert.Equal(Raw(0.1m), e.OrderQuantity.Raw);
        }
    }

    [Fact]
    public void A_close_is_not_repeated_while_it_is_live_and_retried_after_the_interval_when_it_is_not()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, HarvestLadderR = [] });
        h.MarkAtR(-1.6m);
        var close = h.Step(100);
        Assert.Equal(OrderPurpose.EmergencyClose, close.Purpose);
        Assert.Equal(OrderPurpose.None, h.Step(2_000).Purpose); // pending at the venue
        h.Account.SetState(close.DecisionId, OrderState.Rejected);
        Assert.Equal(OrderPurpose.EmergencyClose, h.Step(2_001).Purpose);
        h.Approve = false;
        h.Account.SetState(h.LastId, OrderState.Rejected);
        Assert.Equal(OrderPurpose.None, h.Step(2_002).Purpose); // spaced
        Assert.Equal(OrderPurpose.EmergencyClose, h.Step(2_501).Purpose);
        Assert.Equal(OrderPurpose.EmergencyClose, h.Step(3_001).Purpose); // closes retry without a bound
    }

    [Theory]
    [InlineData(0.49, 0)]
    [InlineData(0.5, 1)]
    [InlineData(0.99, 1)]
    [InlineData(1.0, 2)]
    [InlineData(1.5, 3)]
    [InlineData(3.0, 3)]
    public void Ladder_rungs_fire_at_their_thresholds_and_not_before(double r, int harvests)
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, BreakEven = false });
        h.MarkAtR((decimal)r);
        var t = 100L;
        for (var i = 0; i < 10; i++, t += 1_000)
        {
            var e = h.Step(t);
            if (e.Purpose == OrderPurpose.Harvest)
            {
                h.Account.Fill(e.DecisionId);
            }
        }

        Assert.Equal(harvests, h.Stage.Actions(OrderPurpose.Harvest));
        Assert.Equal(Raw(0.1m) - (harvests * Raw(0.025m)), h.Account.Position(0));
    }

    public static TheoryData<decimal, double, decimal[]> HarvestQuantities => new()
    {
        // position, fraction, the quantities of the three rungs (25% of the largest size, floored to the 0.001 step)
        { 0.1m, 0.25, [0.025m, 0.025m, 0.025m] },
        { 0.013m, 0.25, [0.003m, 0.003m, 0.003m] },
        { 0.1m, 0.4, [0.04m, 0.04m, 0.02m] },   // never more than what is left
        { 0.006m, 0.25, [] },                    // 0.001 BTC is about 51 USDT: below the 100 minimum notional, skipped
    };

    [Theory]
    [MemberData(nameof(HarvestQuantities))]
    public void Harvest_quantities_are_a_fraction_of_the_largest_size_floored_to_the_step(decimal size, double fraction, decimal[] expected)
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, BreakEven = false, HarvestFraction = fraction });
        h.Account.Open(0, Raw(size), Raw(50_000m), Raw(48_750m), 0, 0);
        h.Account.SetState(h.Step(0).DecisionId, OrderState.New);
        var got = new List<decimal>();
        var t = 100L;
        foreach (var r in new[] { 0.5m, 1.0m, 1.5m })
        {
            h.MarkAtR(r);
            for (var i = 0; i < 3; i++, t += 1_000)
            {
                var e = h.Step(t);
                if (e.Purpose == OrderPurpose.Harvest)
                {
                    Assert.True(e.ReduceOnly);
                    Assert.Equal(OrderType.Market, e.OrderType);
                    got.Add(e.OrderQuantity.Raw / (decimal)FixedPoint.Scale);
                    h.Account.Fill(e.DecisionId);
                }
            }
        }

        Assert.Equal(expected, got);
        Assert.Equal(3 - expected.Length, h.Stage.HarvestSkipped);
    }

    [Fact]
    public void Partially_filled_harvest_counts_its_rung_and_the_next_rung_takes_its_own_share()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, BreakEven = false });
        h.MarkAtR(0.5m);
        var first = h.Step(100);
        Assert.Equal(Raw(0.025m), first.OrderQuantity.Raw);
        h.Account.SetState(first.DecisionId, OrderState.Expired);
        h.Account.SetPosition(0, Raw(0.09m)); // 0.010 of 0.025 filled
        Assert.Equal(OrderPurpose.None, h.Step(1_000).Purpose);
        h.MarkAtR(1.0m);
        var second = h.Step(2_000);
        Assert.Equal(OrderPurpose.Harvest, second.Purpose);
        Assert.Equal(Raw(0.025m), second.OrderQuantity.Raw);
    }

    [Fact]
    public void Break_even_move_places_the_new_stop_first_and_cancels_the_old_one_once_it_is_confirmed()
    {
        var (h, oldStop) = Protected();
        h.MarkAtR(0.5m);
        var be = h.Step(100);
        Assert.Equal(OrderPurpose.BreakEvenStop, be.Purpose);
        Assert.Equal(OrderType.StopMarket, be.OrderType);
        Assert.True(be.ClosePosition);
        Assert.Equal(TriggerPrice.Mark, be.OrderTriggerOn);
        Assert.Equal(Raw(50_050m), be.OrderStopPrice.Raw); // entry + 10 bps, rounded up to the 0.10 tick
        Assert.Equal(0, be.CancelDecisionId);

        var harvest = h.Step(200); // the new stop is pending: the old one stays, the harvest goes
        Assert.Equal(OrderPurpose.Harvest, harvest.Purpose);
        Assert.Equal(0, harvest.CancelDecisionId);
        h.Account.Fill(harvest.DecisionId);
        Assert.Equal(OrderPurpose.None, h.Step(300).Purpose);
        Assert.Equal(OrderState.New, h.Account.Order(oldStop).State);

        h.Account.SetState(be.DecisionId, OrderState.New);
        var cancel = h.Step(400);
        Assert.Equal(OrderPurpose.None, cancel.Purpose);
        Assert.Equal(oldStop, cancel.CancelDecisionId);
        Assert.Equal(OrderPurpose.BreakEvenStop, cancel.CancelPurpose);
        Assert.Equal((ushort)0, cancel.OrderSymbolId);
        Assert.Equal(OrderPurpose.None, h.Step(500).Purpose); // the cancel is not repeated within the interval
        h.Account.SetState(oldStop, OrderState.Canceled);
        for (var t = 1_000; t < 20_000; t += 1_000)
        {
            Assert.Equal(OrderPurpose.None, h.Step(t).Purpose);
        }

        Assert.Equal(0, h.Stage.UnprotectedPastGrace);
    }

    [Fact]
    public void A_short_break_even_stop_is_below_the_entry()
    {
        var h = new ExitHarness(NoTakeProfit);
        h.Account.Open(1, -Raw(2m), Raw(3_000m), Raw(3_075m), 0, 0);
        h.Account.SetState(h.Step(0).DecisionId, OrderState.New);
        h.Account.SetMark(1, Raw(2_960m)); // +0.53R
        var be = h.Step(100);
        Assert.Equal(OrderPurpose.BreakEvenStop, be.Purpose);
        Assert.Equal(Side.Buy, be.OrderSide);
        Assert.Equal(Raw(2_997m), be.OrderStopPrice.Raw);
    }

    [Fact]
    public void Take_profit_is_placed_once_the_stop_is_confirmed()
    {
        var h = new ExitHarness();
        h.OpenLong();
        var stop = h.Step(0);
        Assert.Equal(OrderPurpose.ProtectiveStop, stop.Purpose);
        Assert.Equal(OrderPurpose.None, h.Step(100).Purpose); // stop pending: no take-profit yet
        h.Account.SetState(stop.DecisionId, OrderState.New);
        var tp = h.Step(200);
        Assert.Equal(OrderPurpose.TakeProfit, tp.Purpose);
        Assert.Equal(OrderType.TakeProfitMarket, tp.OrderType);
        Assert.True(tp.ClosePosition);
        Assert.Equal(Side.Sell, tp.OrderSide);
        Assert.Equal(TriggerPrice.Mark, tp.OrderTriggerOn);
        Assert.Equal(Raw(51_875m), tp.OrderStopPrice.Raw);
        Assert.Equal(OrderPurpose.None, h.Step(300).Purpose);
    }

    [Fact]
    public void Trailing_stop_follows_the_last_rung_for_the_remainder()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, BreakEven = false, TrailingCallbackBps = 50 });
        h.MarkAtR(1.5m);
        var t = 100L;
        for (var i = 0; i < 3; i++, t += 100)
        {
            var e = h.Step(t);
            Assert.Equal(OrderPurpose.Harvest, e.Purpose);
            h.Account.Fill(e.DecisionId);
        }

        var trail = h.Step(t);
        Assert.Equal(OrderPurpose.TrailingStop, trail.Purpose);
        Assert.Equal(OrderType.TrailingStopMarket, trail.OrderType);
        Assert.True(trail.ReduceOnly);
        Assert.Equal(Raw(0.025m), trail.OrderQuantity.Raw);
        Assert.Equal((ushort)50, trail.OrderCallbackBps);
        Assert.Equal(Raw(51_875m), trail.OrderStopPrice.Raw); // activation at the mark
        Assert.Equal(OrderPurpose.None, h.Step(t + 100).Purpose);
    }

    [Fact]
    public void No_trailing_stop_before_the_last_rung()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = false, BreakEven = false, TrailingCallbackBps = 50 });
        h.MarkAtR(1.2m);
        var purposes = new List<OrderPurpose>();
        for (var t = 100L; t < 3_000; t += 100)
        {
            var e = h.Step(t);
            purposes.Add(e.Purpose);
            if (e.Purpose == OrderPurpose.Harvest)
            {
                h.Account.Fill(e.DecisionId);
            }
        }

        Assert.DoesNotContain(OrderPurpose.TrailingStop, purposes);
        Assert.Equal(2, h.Stage.Actions(OrderPurpose.Harvest));
    }

    [Fact]
    public void Take_profit_is_not_placed_while_the_mark_is_beyond_it()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = true, HarvestLadderR = [] });
        h.Account.SetMark(0, Raw(51_900m));
        Assert.Equal(OrderPurpose.None, h.Step(100).Purpose);
        h.Account.SetMark(0, Raw(51_800m));
        Assert.Equal(OrderPurpose.TakeProfit, h.Step(200).Purpose);
    }

    [Fact]
    public void A_stop_of_unknown_outcome_is_not_duplicated_and_not_taken_for_protection()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, ProtectiveStopGraceMs = 3_000 });
        h.OpenLong();
        h.Account.SetState(h.Step(0).DecisionId, OrderState.Unknown);
        Assert.Equal(OrderPurpose.None, h.Step(2_000).Purpose);
        Assert.Equal(OrderPurpose.Unprotected, h.Step(3_001).Purpose);
    }

    public static TheoryData<string, ExitOptions> BadOptions => new()
    {
        { nameof(ExitOptions.ProtectiveStopGraceMs), new ExitOptions { ProtectiveStopGraceMs = 0 } },
        { nameof(ExitOptions.RetryIntervalMs), new ExitOptions { RetryIntervalMs = -1 } },
        { nameof(ExitOptions.MaxRetries), new ExitOptions { MaxRetries = -1 } },
        { nameof(ExitOptions.EmergencyR), new ExitOptions { EmergencyR = double.NaN } },
        { nameof(ExitOptions.TimeStopMinutes), new ExitOptions { TimeStopMinutes = -1 } },
        { nameof(ExitOptions.HarvestLadderR), new ExitOptions { HarvestLadderR = [1.0, 0.5] } },
        { nameof(ExitOptions.HarvestFraction), new ExitOptions { HarvestFraction = 0 } },
        { nameof(ExitOptions.BreakEvenBufferBps), new ExitOptions { BreakEvenBufferBps = 1_001 } },
        { nameof(ExitOptions.TrailingCallbackBps), new ExitOptions { TrailingCallbackBps = 25 } },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Out_of_range_options_are_refused(string name, ExitOptions options)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ExitHarness(options));
        Assert.Equal(name, error.ParamName);
    }

    [Fact]
    public void A_flat_symbol_cancels_its_resting_exit_orders_one_per_slot()
    {
        var (h, stopId) = Protected(new ExitOptions { TakeProfit = true });
        var tp = h.Step(100);
        Assert.Equal(OrderPurpose.TakeProfit, tp.Purpose);
        h.Account.SetState(tp.DecisionId, OrderState.New);
        h.Account.SetPosition(0, 0); // closed elsewhere (a liquidation, a manual close)
        var first = h.Step(200);
        var second = h.Step(201);
        Assert.Equal(OrderPurpose.None, first.Purpose);
        Assert.Equal(stopId, first.CancelDecisionId);
        Assert.Equal(OrderPurpose.ProtectiveStop, first.CancelPurpose);
        Assert.Equal(tp.DecisionId, second.CancelDecisionId);
        Assert.Equal(OrderPurpose.TakeProfit, second.CancelPurpose);
        Assert.Equal(0, h.Step(202).CancelDecisionId);
        h.Account.SetState(stopId, OrderState.Canceled);
        h.Account.SetState(tp.DecisionId, OrderState.Canceled);
        Assert.Equal(0, h.Step(5_000).CancelDecisionId);
        Assert.Equal(2, h.Stage.Cancels);
    }

    [Theory]
    [InlineData(0L, OrderPurpose.Flatten)]
    [InlineData(ControlLayout.FlattenEndOfData, OrderPurpose.EndOfData)]
    public void Flatten_closes_every_position_then_cancels_every_resting_order(long aux1, OrderPurpose purpose)
    {
        var h = new ExitHarness(NoTakeProfit);
        h.OpenLong();
        h.Account.Open(1, -Raw(2m), Raw(3_000m), Raw(3_075m), 0, 0);
        var btcStop = h.Step(0).DecisionId;
        var ethStop = h.Step(1).DecisionId;
        h.Account.SetState(btcStop, OrderState.New);
        h.Account.SetState(ethStop, OrderState.New);

        var flatten = h.Step(1_000, s =>
        {
            s.Event.Kind = InputKind.Control;
            s.Event.Code = (ushort)ControlCode.Flatten;
            s.Event.Aux1 = aux1;
        });
        Assert.True(h.Stage.Flattening);
        Assert.Equal(purpose, flatten.Purpose);
        Assert.Equal((ushort)0, flatten.OrderSymbolId);
        Assert.Equal(Side.Sell, flatten.OrderSide);
        Assert.True(flatten.ReduceOnly);
        Assert.Equal(Raw(0.1m), flatten.OrderQuantity.Raw);

        var eth = h.Step(1_001);
        Assert.Equal(purpose, eth.Purpose);
        Assert.Equal((ushort)1, eth.OrderSymbolId);
        Assert.Equal(Side.Buy, eth.OrderSide);
        Assert.Equal(Raw(2m), eth.OrderQuantity.Raw);
        Assert.Equal(OrderState.New, h.Account.Order(btcStop).State); // the stops stay until flat

        h.Account.Fill(flatten.DecisionId);
        h.Account.Fill(eth.DecisionId);
        var c1 = h.Step(1_002);
        var c2 = h.Step(1_003);
        Assert.Equal(btcStop, c1.CancelDecisionId);
        Assert.Equal(purpose, c1.CancelPurpose);
        Assert.Equal(ethStop, c2.CancelDecisionId);
        Assert.Equal((ushort)1, c2.OrderSymbolId);
        Assert.True(h.Stage.Flattening); // until the venue confirms the cancels
        h.Account.SetState(btcStop, OrderState.Canceled);
        h.Account.SetState(ethStop, OrderState.Canceled);
        Assert.Equal(OrderPurpose.None, h.Step(1_004).Purpose);
        Assert.False(h.Stage.Flattening);
        Assert.Equal(2, h.Stage.Actions(purpose));
    }

    [Fact]
    public void Flatten_cancels_a_resting_entry_too()
    {
        var h = new ExitHarness(NoTakeProfit);
        h.Account.Register(77, new InputEvent { Purpose = OrderPurpose.Entry, OrderSymbolId = 1, OrderSide = Side.Buy, OrderType = OrderType.Limit });
        Assert.Equal(0, h.Step(0).CancelDecisionId); // no flatten: an entry is not the exit owner's
        var e = h.Step(10, s =>
        {
            s.Event.Kind = InputKind.Control;
            s.Event.Code = (ushort)ControlCode.Flatten;
        });
        Assert.Equal(77, e.CancelDecisionId);
        Assert.Equal(OrderPurpose.Flatten, e.CancelPurpose);
    }

    [Fact]
    public void A_flattened_symbol_gets_no_harvest_take_profit_or_break_even()
    {
        var (h, _) = Protected(new ExitOptions { TakeProfit = true, TrailingCallbackBps = 50 });
        h.Step(10, s =>
        {
            s.Event.Kind = InputKind.Control;
            s.Event.Code = (ushort)ControlCode.Flatten;
        });
        h.Approve = false; // the close is blocked: the stage keeps to the close, nothing else
        h.MarkAtR(2m);
        for (var t = 20; t < 5_000; t += 10)
        {
            var e = h.Step(t);
            Assert.True(e.Purpose is OrderPurpose.None or OrderPurpose.Flatten, e.Purpose.ToString());
        }
    }
}

public sealed class ExitStageRegressionTests
{
    // Found by ExitStagePropertyTests: a flat symbol's cancels (one per slot, two orders alternating) took every
    // slot in id order, and the other symbol's close past the grace never went out.
    [Fact]
    public void A_flat_symbols_cancels_do_not_starve_another_symbols_close()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = true, ProtectiveStopGraceMs = 2_000, RetryIntervalMs = 300 });
        h.OpenLong();
        var stop = h.Step(0);
        h.Account.SetState(stop.DecisionId, OrderState.New);
        var tp = h.Step(10);
        Assert.Equal(OrderPurpose.TakeProfit, tp.Purpose);
        h.Account.Open(1, -Raw(2m), Raw(3_000m), Raw(3_075m), 0, 20 * Ms);
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Step(20).Purpose); // stays pending: never confirmed
        h.Account.SetPosition(0, 0);                                   // symbol 0 flat; the venue never answers its cancels
        var closes = 0;
        for (var t = 400L; t < 4_000; t += 350)
        {
            var e = h.Step(t);
            closes += e.Purpose == OrderPurpose.Unprotected && e.OrderSymbolId == 1 ? 1 : 0;
        }

        Assert.Equal(1, closes);
    }

    // Found by ExitStagePropertyTests: a stop level crossed after the stop's retries were used never closed the
    // position (the close shared the stop's retry budget, whose exhaustion mark broke the spacing).
    [Fact]
    public void A_crossed_stop_closes_at_market_even_after_the_stop_retries_are_used()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, MaxRetries = 1, RetryIntervalMs = 300, ProtectiveStopGraceMs = 60_000 });
        h.OpenLong();
        h.Approve = false;
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Step(0).Purpose);
        Assert.Equal(OrderPurpose.ProtectiveStop, h.Step(300).Purpose);
        Assert.Equal(OrderPurpose.None, h.Step(600).Purpose); // retries used
        h.Account.SetMark(0, Raw(48_700m));
        var close = h.Step(900);
        Assert.Equal(OrderPurpose.ProtectiveStop, close.Purpose);
        Assert.Equal(OrderType.Market, close.OrderType);
        Assert.True(close.ReduceOnly);
    }

    // Found by ExitStagePropertyTests: once a crossed stop level had latched the market close, a new stop order
    // (same purpose) was placed when the mark came back, and the close took it for a working close and never went out.
    [Fact]
    public void A_crossed_stop_level_keeps_closing_at_market_and_places_no_new_stop()
    {
        var h = new ExitHarness(new ExitOptions { TakeProfit = false, ProtectiveStopGraceMs = 60_000 });
        h.OpenLong();
        h.Account.SetMark(0, Raw(48_700m));
        var close = h.Step(0);
        Assert.Equal(OrderType.Market, close.OrderType);
        h.Account.SetState(close.DecisionId, OrderState.Expired);
        h.Account.SetMark(0, Raw(49_000m)); // back above the stop level
        for (var t = 1_000L; t <= 3_000; t += 1_000)
        {
            var again = h.Step(t);
            Assert.Equal(OrderPurpose.ProtectiveStop, again.Purpose);
            Assert.Equal(OrderType.Market, again.OrderType);
            h.Account.SetState(again.DecisionId, OrderState.Rejected);
        }
    }
}

public sealed class ExitStageAllocationTests
{
    [Fact]
    public void OnEvent_allocates_nothing_per_event_after_warm_up()
    {
        var h = new ExitHarness(new ExitOptions { TrailingCallbackBps = 50 });
        h.OpenLong();
        h.Account.Open(1, -Raw(2m), Raw(3_000m), Raw(3_075m), Raw(2_887.5m), 0);
        h.Account.SetState(h.Step(0).DecisionId, OrderState.New);
        h.Account.SetState(h.Step(1).DecisionId, OrderState.New);
        var e = default(InputEvent);
        long Run(int from, int count)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = from; i < from + count; i++)
            {
                h.Account.SetMark(0, Raw(50_000m) + ((i % 400) * Raw(5m)));
                e = new InputEvent { Kind = InputKind.Trade, Valid = true, ExchangeTimeNs = (10 + i) * Ms };
                h.Stage.OnEvent(ref e, i, true);
            }

            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Run(0, 1_000);
        Assert.Equal(0, Run(1_000, 20_000));
        Assert.True(h.Stage.Audits > 40_000);
    }
}
