using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Stages.Routing;

/// <summary>
/// Route: the last stage, after the journal. Sends each approved order to the order gateway with a client
/// order id made of the instance id, the journal's run identity and the gate's decision id (journaled before
/// this stage runs), and records tick-to-route latency for every slot. An approved order that is not sent (the
/// gateway refused it, or a halt held it) goes back to the gate as a rejection through the
/// <see cref="RefusalOutbox"/>, so its exposure is released.
/// </summary>
public sealed class RouteStage : IEventHandler<InputEvent>
{
    private readonly IOrderGateway _gateway;
    private readonly ushort _instanceId;
    private readonly IClock _clock;
    private readonly ILatencySink? _latency;
    private readonly TradingState? _state;
    private readonly RefusalOutbox? _outbox;
    private readonly long _run;

    /// <summary>Creates the stage.</summary>
    /// <param name="gateway">The order port.</param>
    /// <param name="instanceId">Engine instance id, part of every client order id.</param>
    /// <param name="clock">Clock for latency measurement only.</param>
    /// <param name="latency">Tick-to-route latency sink, or null.</param>
    /// <param name="state">Trading state: no order is sent once a halt was requested anywhere.</param>
    /// <param name="outbox">Where orders not sent are reported as rejections, or null.</param>
    /// <param name="run">The journal's run identity, part of every client order id (0 without a journal).</param>
    public RouteStage(IOrderGateway gateway, ushort instanceId, IClock clock, ILatencySink? latency = null, TradingState? state = null, RefusalOutbox? outbox = null, long run = 0)
    {
        _outbox = outbox;
        _run = run;
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(clock);
        _gateway = gateway;
        _instanceId = instanceId;
        _clock = clock;
        _latency = latency;
        _state = state;
    }

    /// <summary>Approved orders not sent because a halt had been requested after the gate approved them.</summary>
    public long HeldByHalt { get; private set; }

    /// <summary>Latency is recorded only for slots at or after this ring sequence (skips JIT warm-up).</summary>
    public long RecordLatencyFrom { get; set; }

    /// <summary>Orders handed to the gateway.</summary>
    public long Routed { get; private set; }

    /// <summary>Orders the gateway could not accept.</summary>
    public long Refused { get; private set; }

    /// <summary>Rejections of orders not sent that found the outbox full (their exposure stays reserved).</summary>
    public long LostRejections { get; private set; }

    /// <summary>Cancels handed to the gateway.</summary>
    public long Cancels { get; private set; }

    /// <summary>Cancels the gateway could not accept (the order stays resting; the exit owner's audit sees it).</summary>
    public long CancelsRefused { get; private set; }

    /// <summary>Slots seen.</summary>
    public long Events { get; private set; }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.ClientOrderSequence = 0;
        Events++;
        var hasOrder = data.Approved && data.Purpose != OrderPurpose.None && (data.OrderQuantity.Raw > 0 || data.ClosePosition);
        if (hasOrder && _state is { IsHaltRequested: true })
        {
            HeldByHalt++; // fail closed: a stage after the gate (e.g. the journal) faulted
            Reject(in data, OrderRejectReason.HeldByHalt);
        }
        else if (hasOrder)
        {
            var decision = data.DecisionId;
            var request = OrderRequestRecord.FromSlot(in data, _instanceId, _run); // exactly what the journal wrote
            if (_gateway.Submit(in request))
            {
                data.ClientOrderSequence = decision;
                Routed++;
            }
            else
            {
                Refused++;
                Reject(in data, OrderRejectReason.RefusedByGateway);
            }
        }

        if (data.CancelDecisionId != 0 && _state is not { IsHaltRequested: true })
        {
            // After the new order, so that a replaced stop is never cancelled before its replacement left.
            if (_gateway.Cancel(data.OrderSymbolId, CancelRequestRecord.FromSlot(in data, _instanceId, _run)))
            {
                Cancels++;
            }
            else
            {
                CancelsRefused++;
            }
        }

        if (_latency is not null && data.ReceiveTimeNs != 0 && sequence >= RecordLatencyFrom)
        {
            _latency.Record(_clock.NowNanos - data.ReceiveTimeNs);
        }
    }

    // The rejection as the gate reads any order update (OrderUpdateLayout), at the deciding slot's event time, with
    // no receive stamp (it measures no tick-to-route latency). Deterministic: only fields of the slot.
    private void Reject(in InputEvent data, OrderRejectReason reason)
    {
        if (_outbox is null)
        {
            return;
        }

        var update = new InputEvent
        {
            Kind = InputKind.OrderUpdate,
            Venue = data.Venue,
            SymbolId = data.OrderSymbolId,
            Flags = (ushort)data.OrderSide,
            Code = (ushort)OrderUpdateCode.Rejected,
            ExchangeTimeNs = data.ExchangeTimeNs,
            ClientOrderId = new ClientOrderId(_instanceId, data.DecisionId, _run),
            Aux3 = (long)reason,
        };
        if (!_outbox.TryPost(in update))
        {
            LostRejections++;
        }
    }
}
