using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.Account;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.State;
using QuantumTrader.Testing.Account;

namespace QuantumTrader.Stages.Tests.Risk;

/// <summary>A gate over a <see cref="FakeOrderLedger"/>: equity 10,000, every mark 100, entries of 10 units at 100
/// with the stop at 97 and 5× leverage unless a test says otherwise.</summary>
internal sealed class GateHarness
{
    public const long Unit = FixedPoint.Scale;
    public const long Second = 1_000_000_000;

    private long _sequence;

    public GateHarness(GateOptions? options = null, int symbols = 3, TradingState? state = null, long run = 0)
    {
        Options = options ?? new GateOptions { Symbols = symbols };
        State = state ?? new TradingState(Options.Symbols);
        Ledger = new FakeOrderLedger(Options.Symbols);
        Gate = new GatingStage(State, Ledger, Options, 0, run);
    }

    public GateOptions Options { get; }

    public TradingState State { get; }

    public FakeOrderLedger Ledger { get; }

    public GatingStage Gate { get; }

    /// <summary>Event time of the next slot.</summary>
    public long Now { get; set; } = 1_000 * Second;

    public static InputEvent Entry(ushort symbol = 0, Side side = Side.Buy, long qtyRaw = 10 * Unit, long reference = 100 * Unit, long stop = 0, long leverage = 5 * Unit) => new()
    {
        Kind = InputKind.Timer,
        Purpose = OrderPurpose.Entry,
        OrderSymbolId = symbol,
        OrderSide = side,
        OrderQuantity = new Quantity(qtyRaw),
        OrderReferencePrice = new Price(reference),
        StopLossPrice = new Price(stop != 0 ? stop : side == Side.Buy ? reference - (3 * Unit) : reference + (3 * Unit)),
        TakeProfitPrice = new Price(side == Side.Buy ? reference + (5 * Unit) : reference - (5 * Unit)),
        OrderLeverage = new Leverage(leverage),
    };

    public static InputEvent Exit(ushort symbol, Side side, long qtyRaw, OrderPurpose purpose = OrderPurpose.Harvest, bool reduceOnly = true, bool closePosition = false) => new()
    {
        Kind = InputKind.Timer,
        Purpose = purpose,
        OrderSymbolId = symbol,
        OrderSide = side,
        OrderQuantity = new Quantity(qtyRaw),
        OrderReferencePrice = new Price(100 * Unit),
        ReduceOnly = reduceOnly,
        ClosePosition = closePosition,
    };

    public static InputEvent Control(ControlCode code, ModeCause cause = ModeCause.Operator, TradingMode target = TradingMode.Active) => new()
    {
        Kind = InputKind.Control,
        Code = (ushort)code,
        Aux0 = (long)cause,
        Aux1 = (long)target,
    };

    /// <summary>Runs one slot through the gate at <see cref="Now"/> and returns it.</summary>
    public InputEvent Run(InputEvent e)
    {
        if (e.ExchangeTimeNs == 0)
        {
            e.ExchangeTimeNs = Now;
        }

        Gate.OnEvent(ref e, _sequence++, true);
        return e;
    }

    /// <summary>A slot that carries nothing for the gate (a trade): the automatic checks run on it.</summary>
    public InputEvent Tick() => Run(new InputEvent { Kind = InputKind.Trade, Valid = true, Price = new Price(100 * Unit), Quantity = new Quantity(Unit) });

    /// <summary>Approves <paramref name="e"/> (asserting it) and fills it completely.</summary>
    public long Open(InputEvent e)
    {
        var done = Run(e);
        if (!done.Approved)
        {
            throw new InvalidOperationException($"not approved: {(GateReason)done.GateReason}");
        }

        Ledger.Fill(done.DecisionId, done.OrderQuantity.Raw);
        return done.DecisionId;
    }

    /// <summary>An order update of ours (run 0) for <paramref name="decisionId"/>.</summary>
    public InputEvent Update(OrderUpdateCode code, long decisionId, OrderRejectReason reject = OrderRejectReason.None) => Run(new InputEvent
    {
        Kind = InputKind.OrderUpdate,
        Code = (ushort)code,
        ClientOrderId = new ClientOrderId(1, decisionId),
        Aux3 = (long)reject,
    });

    public OrderView Find(long decisionId) => Ledger.TryGetOrder(decisionId, out var v) ? v : throw new InvalidOperationException();
}
