using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Exits;
using QuantumTrader.Stages.Risk;

namespace QuantumTrader.Stages.Tests.Exits;

/// <summary>
/// Drives an <see cref="ExitStage"/> over a <see cref="FakeAccount"/> slot by slot, and plays the gate: an order the
/// stage proposes is approved (a decision id, registered pending-new) unless <see cref="Approve"/> is false.
/// BTCUSDT (id 0): tick 0.10, step 0.001, min notional 100; ETHUSDT (id 1): tick 0.01, step 0.001, min notional 20.
/// </summary>
internal sealed class ExitHarness
{
    public const long Ms = 1_000_000;
    private long _sequence;
    private long _nextId = 1_000;

    public ExitHarness(ExitOptions? options = null)
    {
        var registry = new InstrumentRegistry();
        registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.10m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        registry.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), 20 * FixedPoint.Scale);
        Account = new FakeAccount(registry.Count);
        Stage = new ExitStage(registry, options ?? new ExitOptions(), Account);
    }

    public FakeAccount Account { get; }

    public ExitStage Stage { get; }

    /// <summary>The gate approves the stage's orders.</summary>
    public bool Approve { get; set; } = true;

    /// <summary>The decision id given to the last approved order.</summary>
    public long LastId => _nextId;

    /// <summary>Every slot that carried an action of the stage.</summary>
    public List<InputEvent> Actions { get; } = new();

    public static long Raw(decimal value) => (long)(value * FixedPoint.Scale);

    /// <summary>A long 0.100 BTC at 50,000 with its stop at 48,750 (1R = 1,250 a coin, 125 USDT) and take-profit at
    /// 51,875, opened at <paramref name="atMs"/>.</summary>
    public void OpenLong(long atMs = 0) =>
        Account.Open(0, Raw(0.1m), Raw(50_000m), Raw(48_750m), Raw(51_875m), atMs * Ms);

    /// <summary>The mark at <paramref name="r"/> R of the long of <see cref="OpenLong"/>.</summary>
    public void MarkAtR(decimal r) => Account.SetMark(0, Raw(50_000m + (r * 1_250m)));

    /// <summary>One slot at <paramref name="ms"/> of event time through the stage (after sizing cleared its order
    /// section); <paramref name="prepare"/> may set the slot up first (an entry, a control event).</summary>
    public InputEvent Step(long ms, Action<Slot>? prepare = null)
    {
        var slot = new Slot { Event = new InputEvent { Kind = InputKind.Trade, Valid = true, ExchangeTimeNs = ms * Ms } };
        SizingStage.ClearOrder(ref slot.Event);
        prepare?.Invoke(slot);
        var entry = slot.Event.Purpose == OrderPurpose.Entry;
        Stage.OnEvent(ref slot.Event, _sequence++, true);
        var e = slot.Event;
        if (entry)
        {
            return e;
        }

        if (e.Purpose != OrderPurpose.None && Approve)
        {
            e.DecisionId = ++_nextId;
            e.Approved = true;
            Account.Register(e.DecisionId, in e);
        }

        if (e.Purpose != OrderPurpose.None || e.CancelDecisionId != 0)
        {
            Actions.Add(e);
        }

        return e;
    }

    /// <summary>A stage action's slot, mutable by a test before the stage sees it.</summary>
    internal sealed class Slot
    {
        public InputEvent Event;
    }
}
