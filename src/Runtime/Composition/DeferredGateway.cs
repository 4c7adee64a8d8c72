using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Composition;

/// <summary>
/// Breaks the construction cycle between the engine (whose route stage needs an order port) and a venue
/// (which needs the engine's input sink for its outcomes): the engine gets this, the venue is set before start.
/// Refuses orders (fail closed) while no venue is set.
/// </summary>
public sealed class DeferredGateway : IOrderGateway
{
    private IOrderGateway? _target;

    /// <summary>The venue; set once, before the pipeline starts.</summary>
    public IOrderGateway? Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    /// <inheritdoc />
    public bool Submit(in OrderRequest request) => Target?.Submit(in request) ?? false;

    /// <inheritdoc />
    public bool Cancel(ushort symbolId, ClientOrderId clientOrderId) => Target?.Cancel(symbolId, clientOrderId) ?? false;
}
