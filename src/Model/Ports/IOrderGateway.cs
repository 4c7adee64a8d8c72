using QuantumTrader.Model.Orders;

namespace QuantumTrader.Model.Ports;

/// <summary>
/// The order port: live Binance and the simulated exchange implement it. Called from the route stage's
/// pinned thread, so <see cref="Submit"/> must not block or allocate: an implementation queues the request
/// for its own I/O thread and reports every outcome (ack, fill, reject, unknown) back as an input event
/// through its <see cref="IInputSink"/>.
/// </summary>
public interface IOrderGateway
{
    /// <summary>Queues a new order. Returns false when the gateway cannot accept it now (queue full,
    /// not connected); the caller must then treat the order as not sent.</summary>
    bool Submit(in OrderRequest request);

    /// <summary>Queues a cancel by client order id. Returns false when it cannot be queued now.</summary>
    bool Cancel(ushort symbolId, ClientOrderId clientOrderId);
}
