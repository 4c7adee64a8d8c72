using CsCheck;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Exits;
using Xunit;
using static QuantumTrader.Stages.Tests.Exits.ExitHarness;

namespace QuantumTrader.Stages.Tests.Exits;

public sealed class ExitStagePropertyTests
{
    private const int GraceMs = 2_000;

    /// <summary>Slots a close may wait behind the other symbol's actions once the grace is over.</summary>
    private const int SlackSlots = 6;

    private static readonly OrderPurpose[] Closes =
        [OrderPurpose.Unprotected, OrderPurpose.EmergencyClose, OrderPurpose.TimeStop, OrderPurpose.ProtectiveStop, OrderPurpose.Flatten, OrderPurpose.EndOfData];

    /// <summary>
    /// For random sequences of marks, gate verdicts, venue answers (accepted, rejected, expired, cancelled, filled),
    /// positions opening and flatten commands on two symbols: every order the exit owner proposes for a symbol with a
    /// position is on the opposite side, reduce-only or close-position, and never larger than the position; a flat
    /// symbol gets no order; no order is proposed while one of ours of the same purpose and kind is live; and a
    /// position without a confirmed stop for longer than the grace has a close proposed (or one still working).
    /// </summary>
    [Fact]
    public void Exits_never_add_exposure_and_never_leave_a_position_unprotected_past_the_grace()
    {
        var step = Gen.Select(Gen.Int[1, 400], Gen.Int[0, 9], Gen.Int[0, 1_000], Gen.Int[-200, 250]);
        var seen = new long[16];
        step.Array[20, 300].Sample(steps => Run(steps, (h, _) =>
        {
            foreach (var p in Enum.GetValues<OrderPurpose>())
            {
                if (h.Stage.Actions(p) > 0)
                {
                    Interlocked.Increment(ref seen[(int)p]);
                }
            }
        }), iter: 400);

        // Not vacuous: the random sequences reach every rule.
        foreach (var p in new[] { OrderPurpose.ProtectiveStop, OrderPurpose.BreakEvenStop, OrderPurpose.TakeProfit, OrderPurpose.TrailingStop, OrderPurpose.Harvest, OrderPurpose.EmergencyClose, OrderPurpose.Flatten, OrderPurpose.Unprotected })
        {
            Assert.True(seen[(int)p] > 0, $"no sequence reached {p}");
        }
    }

    internal static void Run((int Dt, int Op, int Pick, int Value)[] steps, Action<ExitHarness, long>? after = null)
    {
        {
            var h = new ExitHarness(new ExitOptions
            {
                ProtectiveStopGraceMs = GraceMs, RetryIntervalMs = 300, MaxRetries = 2, TimeStopMinutes = 1, TrailingCallbackBps = 30,
            });
            var since = new long[2];
            var closed = new bool[2];
            var late = new int[2];
            var t = 0L;
            var log = new List<string>();
            foreach (var (dt, op, pick, value) in steps)
            {
                t += dt;
                var s = (ushort)(pick % 2);
                var a = h.Account;
                var control = false;
                switch (op)
                {
                    case 0 or 1 when a.Position(s) == 0:
                        Open(a, s, pick, value, t);
                        break;
                    case 0 or 1 or 2 or 3:
                        a.SetMark(s, Entry(s) + (Entry(s) / 100 * value / 40)); // −5% .. +6.25% of the entry
                        break;
                    case 4 or 5 or 6:
                        Answer(a, pick, value);
                        break;
                    case 7:
                        h.Approve = value > -100;
                        break;
                    case 8 when value > 200:
                        control = true;
                        break;
                }

                var before = new[] { a.Position(0), a.Position(1) };
                log.Add($"{t} ms op {op} s{s} pos [{before[0]}, {before[1]}] marks [{a.MarkPrice(0)}, {a.MarkPrice(1)}] orders [{string.Join(", ", a.Orders.Select(o => $"{o.DecisionId}:s{o.SymbolId}:{o.Purpose}:{o.State}"))}] flattening {h.Stage.Flattening} unprotected {h.Stage.UnprotectedPastGrace} opened [{a.PositionOpenedNs(0) / Ms}, {a.PositionOpenedNs(1) / Ms}]");
                for (var i = 0; i < 2; i++)
                {
                    if (before[i] != 0 && since[i] == long.MinValue && !StopConfirmed(a, (ushort)i))
                    {
                        (since[i], closed[i], late[i]) = (t, false, 0); // the stop was lost
                    }
                    else if (before[i] != 0 && since[i] != long.MinValue && StopConfirmed(a, (ushort)i))
                    {
                        since[i] = long.MinValue;
                    }
                    else if (before[i] == 0)
                    {
                        since[i] = long.MinValue;
                    }
                }

                var e = h.Step(t, control ? slot =>
                {
                    slot.Event.Kind = InputKind.Control;
                    slot.Event.Code = (ushort)ControlCode.Flatten;
                } : null);

                if (e.Purpose != OrderPurpose.None || e.CancelDecisionId != 0)
                {
                    log.Add($"  -> {e.Purpose} s{e.OrderSymbolId} {e.OrderType} q {e.OrderQuantity} stop {e.OrderStopPrice} cancel {e.CancelDecisionId} approved {e.Approved}");
                }

                if (e.Purpose != OrderPurpose.None)
                {
                    var position = before[e.OrderSymbolId];
                    Assert.True(position != 0, $"an order ({e.Purpose}) for flat symbol {e.OrderSymbolId}");
                    Assert.Equal(position > 0 ? Side.Sell : Side.Buy, e.OrderSide);
                    Assert.True(e.ReduceOnly || e.ClosePosition, $"{e.Purpose} is neither reduce-only nor close-position");
                    Assert.True(e.ClosePosition ? e.OrderQuantity.Raw == 0 : e.OrderQuantity.Raw > 0 && e.OrderQuantity.Raw <= Math.Abs(position),
                        $"{e.Purpose} of {e.OrderQuantity} for a position of {new Quantity(position)}");
                    var twin = a.Orders.Count(o => o.SymbolId == e.OrderSymbolId && o.Purpose == e.Purpose && o.DecisionId != e.DecisionId
                        && o.State is OrderState.PendingNew or OrderState.New or OrderState.PartiallyFilled or OrderState.Unknown
                        && (o.Quantity == 0) == e.ClosePosition);
                    Assert.True(twin == 0, $"{e.Purpose} proposed while one of ours is live");
                    if (Array.IndexOf(Closes, e.Purpose) >= 0 && e.OrderType == OrderType.Market)
                    {
                        closed[e.OrderSymbolId] = true;
                    }
                }

                for (var i = 0; i < 2; i++)
                {
                    if (before[i] != 0 && since[i] != long.MinValue && t - since[i] > GraceMs && !closed[i] && !CloseLive(a, (ushort)i))
                    {
                        Assert.True(++late[i] <= SlackSlots, $"symbol {i} without a confirmed stop since {since[i]} ms, now {t} ms, and no close\nSTEPS {string.Join(",", steps.Select(x => $"({x.Item1},{x.Item2},{x.Item3},{x.Item4})"))}\n{string.Join("\n", log.TakeLast(40))}");
                    }
                }

                // A new position starts unprotected at its open time.
                for (var i = 0; i < 2; i++)
                {
                    if (before[i] == 0 && a.Position((ushort)i) != 0)
                    {
                        (since[i], closed[i], late[i]) = (t, false, 0);
                    }
                }
                after?.Invoke(h, t);
            }
        }
    }

    private static long Entry(ushort s) => s == 0 ? Raw(50_000m) : Raw(3_000m);

    private static void Open(FakeAccount a, ushort s, int pick, int value, long t)
    {
        var entry = Entry(s);
        var sign = value >= 0 ? 1 : -1;
        var size = (s == 0 ? Raw(0.001m) : Raw(0.01m)) * (1 + (pick % 40));
        var stop = entry - (sign * entry / 40);                 // 2.5%
        var takeProfit = entry + (sign * entry * 3 / 80);       // 3.75%
        a.Open(s, sign * size, entry, stop, pick % 7 == 0 ? 0 : takeProfit, t * Ms);
    }

    /// <summary>The venue answers one of our live orders.</summary>
    private static void Answer(FakeAccount a, int pick, int value)
    {
        var live = new List<OrderView>();
        foreach (var o in a.Orders)
        {
            if (o.State is OrderState.PendingNew or OrderState.New or OrderState.PartiallyFilled)
            {
                live.Add(o);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        var order = live[pick % live.Count];
        switch ((value + 200) % 5)
        {
            case 0 or 1:
                a.SetState(order.DecisionId, OrderState.New);
                break;
            case 2:
                a.SetState(order.DecisionId, value % 3 == 0 ? OrderState.Rejected : value % 3 == 1 ? OrderState.Expired : OrderState.Canceled);
                break;
            default:
                if (a.Position(order.SymbolId) != 0 && order.Purpose != OrderPurpose.Entry)
                {
                    a.Fill(order.DecisionId);
                }
                else
                {
                    a.SetState(order.DecisionId, OrderState.Expired);
                }

                break;
        }
    }

    /// <summary>A close proposed earlier is still working at the venue (the stage waits for it).</summary>
    private static bool CloseLive(FakeAccount a, ushort s)
    {
        foreach (var purpose in Closes)
        {
            if (a.TryFindOrder(s, purpose, out var o) && o.Quantity > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool StopConfirmed(FakeAccount a, ushort s) =>
        (a.TryFindOrder(s, OrderPurpose.ProtectiveStop, out var p) && p.State is OrderState.New or OrderState.PartiallyFilled)
        || (a.TryFindOrder(s, OrderPurpose.BreakEvenStop, out var b) && b.State is OrderState.New or OrderState.PartiallyFilled);
}
