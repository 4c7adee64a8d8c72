using System.Runtime.InteropServices;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Model;

/// <summary>
/// One pre-allocated slot of the input ring. Producers fill the input section; each stage then writes
/// only its own section (single writer per field), and later stages read what earlier stages wrote.
/// </summary>
/// <remarks>
/// Ownership, in pipeline order: producer (input section) → ingest+normalize → features → inference →
/// signal → sizing → gating → journal → route. A stage must never write another stage's section.
/// Slots are reused: every stage overwrites all of its section on every event it handles.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct InputEvent
{
    // ---- input section: written by the producer (gateway, capture replay, control, timer) ----

    /// <summary>What this slot carries.</summary>
    public InputKind Kind;

    /// <summary>Venue of the event.</summary>
    public Venue Venue;

    /// <summary>Instrument index in the <see cref="InstrumentRegistry"/>.</summary>
    public ushort SymbolId;

    /// <summary>Event-specific flags (e.g. buyer-is-maker for trades, kline closed).</summary>
    public ushort Flags;

    /// <summary>Control command code or feed-state code, by kind.</summary>
    public ushort Code;

    /// <summary>Exchange event time (ns since the Unix epoch), 0 when unknown.</summary>
    public long ExchangeTimeNs;

    /// <summary>Local receive time (ns, from the injected clock of the producer).</summary>
    public long ReceiveTimeNs;

    /// <summary>Venue sequence of the event (trade id, update id), 0 when none.</summary>
    public long SourceSequence;

    /// <summary>Trade price, kline close, mark price, by kind.</summary>
    public Price Price;

    /// <summary>Trade quantity, kline volume, by kind.</summary>
    public Quantity Quantity;

    /// <summary>Best bid price.</summary>
    public Price BidPrice;

    /// <summary>Best bid quantity.</summary>
    public Quantity BidQuantity;

    /// <summary>Best ask price.</summary>
    public Price AskPrice;

    /// <summary>Best ask quantity.</summary>
    public Quantity AskQuantity;

    /// <summary>Kind-specific extra values (kline open/high/low, funding rate in 1e-8, control argument).</summary>
    public long Aux0;

    /// <summary>Kind-specific extra value.</summary>
    public long Aux1;

    /// <summary>Kind-specific extra value.</summary>
    public long Aux2;

    /// <summary>Kind-specific extra value.</summary>
    public long Aux3;

    /// <summary>Order updates: the client order id the update is about (see <see cref="OrderUpdateLayout"/>).</summary>
    public ClientOrderId ClientOrderId;

    // ---- ingest+normalize section ----

    /// <summary>Set by normalize: the event passed validation and may be used by the stages after it.</summary>
    public bool Valid;

    /// <summary>Set by normalize: why the event was rejected (0 when valid).</summary>
    public byte RejectReason;

    /// <summary>Set by normalize on every slot: the reference price of <see cref="SymbolId"/> as of this slot, by
    /// the one configured rule (see <see cref="Model.ReferencePriceRule"/>), from the valid events so far; 0 when
    /// none yet or the symbol is unknown. The only definition of the reference price: later stages read it.</summary>
    public Price ReferencePrice;

    // ---- features section ----

    /// <summary>Set by features: <see cref="Features"/> holds a fresh vector for this slot.</summary>
    public bool FeaturesReady;

    /// <summary>Set by features: number of meaningful entries in <see cref="Features"/>.</summary>
    public byte FeatureCount;

    /// <summary>Set by features: the feature vector.</summary>
    public FeatureBuffer Features;

    /// <summary>Set by features: close time (ns since the Unix epoch) of the candle the vector describes (0 when none).</summary>
    public long FeaturesTimeNs;

    // ---- inference section ----

    /// <summary>Set by inference: an inference ran for this slot.</summary>
    public bool Inferred;

    /// <summary>Set by inference: ensemble probability of SELL.</summary>
    public float ProbSell;

    /// <summary>Set by inference: ensemble probability of HOLD.</summary>
    public float ProbHold;

    /// <summary>Set by inference: ensemble probability of BUY.</summary>
    public float ProbBuy;

    /// <summary>Set by inference: models that voted for the winning class.</summary>
    public byte Consensus;

    /// <summary>Set by inference: models that produced a valid output.</summary>
    public byte ModelsVoting;

    /// <summary>Set by inference: the symbol the inference is for. With conflation the result may ride on a
    /// later slot of another symbol, so consumers use this, never <see cref="SymbolId"/>.</summary>
    public ushort InferenceSymbolId;

    /// <summary>Set by inference: the ensemble's action (None = HOLD, including fail-closed HOLD).</summary>
    public Side EnsembleSide;

    /// <summary>Set by inference: true when fewer than the configured minimum of models voted (forced HOLD).</summary>
    public bool InferenceFailedClosed;

    /// <summary>Set by inference: each model's vote, 2 bits per model in ensemble order
    /// (0 = no valid output, 1 = SELL, 2 = HOLD, 3 = BUY); model i is bits 2i..2i+1.</summary>
    public ulong ModelVotes;

    /// <summary>Set by inference: hash of the active model set (its models' SHA-256 prefixes and weights); the
    /// journal maps it to the model files.</summary>
    public long EnsembleHash;

    /// <summary>Set by inference: ring sequence of the slot whose <see cref="Features"/> were used (the
    /// feature vector reference of the decision).</summary>
    public long FeaturesSequence;

    /// <summary>Set by inference: <see cref="FeaturesTimeNs"/> of the features used.</summary>
    public long InferenceTimeNs;

    // ---- signal section ----

    /// <summary>Set by signal: direction of the entry signal (None: no signal).</summary>
    public Side SignalSide;

    /// <summary>Set by signal: confidence of the signal, 0..1.</summary>
    public float Confidence;

    /// <summary>Set by signal: the symbol of the signal (the intent's symbol for sizing); see
    /// <see cref="InferenceSymbolId"/> for why it is not <see cref="SymbolId"/>.</summary>
    public ushort SignalSymbolId;

    /// <summary>Set by signal: why no signal was issued for an inference (a <c>SignalReason</c> value; 0 = passed or no inference).</summary>
    public byte SignalReason;

    // ---- sizing section ----

    /// <summary>Set by sizing: order quantity (0: no order).</summary>
    public Quantity OrderQuantity;

    /// <summary>Set by sizing: limit price, or 0 for a market order.</summary>
    public Price OrderPrice;

    /// <summary>Set by sizing: the reference price of <see cref="SignalSymbolId"/> the order was sized at (ingest's
    /// <see cref="ReferencePrice"/> of that symbol as of this slot; with conflation the slot may be another
    /// symbol's), carried to the gate's limit and onto the order request; 0 when no order.</summary>
    public Price OrderReferencePrice;

    /// <summary>Set by sizing: the protective stop price of the order (tick-rounded; 0 when no order).</summary>
    public Price StopLossPrice;

    /// <summary>Set by sizing: the take-profit price of the order (tick-rounded; 0 when no order).</summary>
    public Price TakeProfitPrice;

    /// <summary>Set by sizing: the leverage the order was sized at (notional ÷ margin; 0 when no order).</summary>
    public Leverage OrderLeverage;

    /// <summary>Set by sizing: the inputs and intermediate results of the decision (journaled with it), also when
    /// it refused (see <see cref="SizingTrace.Reason"/>).</summary>
    public SizingTrace Sizing;

    // ---- order section (sizing for an entry, the exit owner for an exit) ----

    /// <summary>Set by sizing (an entry) or the exit owner (an exit): why the slot carries an order
    /// (<see cref="Orders.OrderPurpose.None"/>: none). The gate checks an order only when this is set.</summary>
    public Orders.OrderPurpose Purpose;

    /// <summary>The order's symbol (for an entry: <see cref="SignalSymbolId"/>; with conflation the slot may be
    /// another symbol's).</summary>
    public ushort OrderSymbolId;

    /// <summary>The order's side.</summary>
    public Side OrderSide;

    /// <summary>The order type (0: market, or limit when <see cref="OrderPrice"/> is set).</summary>
    public Orders.OrderType OrderType;

    /// <summary>The order may only reduce the position (every exit).</summary>
    public bool ReduceOnly;

    /// <summary>A conditional order that closes the whole position when it fires (<see cref="OrderQuantity"/> 0).</summary>
    public bool ClosePosition;

    /// <summary>Trigger (stop) price of a conditional order, activation price of a trailing stop (0: none).</summary>
    public Price OrderStopPrice;

    /// <summary>The price a conditional order's trigger watches.</summary>
    public Orders.TriggerPrice OrderTriggerOn;

    /// <summary>Trailing stops: callback rate, basis points (10..1000, multiples of 10); 0 otherwise.</summary>
    public ushort OrderCallbackBps;

    /// <summary>The decision id of a resting order of ours to cancel on this slot (0: none), for example the old
    /// stop once a break-even stop replaced it, or every resting order of a flatten. Journaled as a cancel
    /// request; cancels never open risk, so the gate does not block them. Symbol: <see cref="OrderSymbolId"/>.</summary>
    public long CancelDecisionId;

    /// <summary>Why <see cref="CancelDecisionId"/> is cancelled (the purpose of the action that cancels it).</summary>
    public Orders.OrderPurpose CancelPurpose;

    // ---- gating section ----

    /// <summary>Set by gating: the order may be routed.</summary>
    public bool Approved;

    /// <summary>Set by gating: why the order was blocked (0 when approved or no order).</summary>
    public byte GateReason;

    /// <summary>Set by gating: the decision id of an approved order, the numeric part of its client order id
    /// (run base from the journal + ring sequence + 1: unique across restarts); 0 when nothing was approved.</summary>
    public long DecisionId;

    /// <summary>Set by gating: how many trading-mode changes this slot caused (0..2; see <see cref="ModeChange0"/>).</summary>
    public byte ModeChanges;

    /// <summary>Set by gating: the first mode change of this slot (a halt request applied before the event's own
    /// effect), valid when <see cref="ModeChanges"/> &gt; 0; journaled as a mode record.</summary>
    public State.ModeChange ModeChange0;

    /// <summary>Set by gating: the second mode change of this slot, valid when <see cref="ModeChanges"/> is 2.</summary>
    public State.ModeChange ModeChange1;

    // ---- journal section ----

    /// <summary>Set by journal: sequence of this slot's record in the journal (0 when not journaled).</summary>
    public long JournalSequence;

    // ---- route section ----

    /// <summary>Set by route: the client order id's numeric part (0 when nothing was sent).</summary>
    public long ClientOrderSequence;
}
