using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Stages.Routing;

/// <summary>
/// An order sink that accepts and counts orders and sends nothing anywhere: the walking skeleton's end of
/// the pipeline, and a stub for tests. It reports no outcome, so the gate keeps the exposure of every
/// accepted order as open (fail closed) and stops at the position limit.
/// </summary>
/// <remarks>Called from the route stage thread only.</remarks>
public sealed class CountingOrderGateway : IOrderGateway
{
    private long _submitted;
    private long _cancels;

    /// <summary>Orders accepted.</summary>
    public long Submitted => Volatile.Read(ref _submitted);

    /// <summary>Cancels accepted.</summary>
    public long Cancels => Volatile.Read(ref _cancels);

    /// <summary>The last order accepted.</summary>
    public OrderRequest Last { get; private set; }

    /// <inheritdoc />
    public bool Submit(in OrderRequest request)
    {
        Last = request;
        Volatile.Write(ref _submitted, _submitted + 1);
        return true;
    }

    /// <inheritdoc />
    public bool Cancel(ushort symbolId, ClientOrderId clientOrderId)
    {
        Volatile.Write(ref _cancels, _cancels + 1);
        return true;
    }
}
