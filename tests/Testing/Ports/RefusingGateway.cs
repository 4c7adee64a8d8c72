using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Testing.Ports;

/// <summary>An order gateway that can never queue anything (a full queue, a lost connection): every Submit and
/// Cancel returns false.</summary>
public sealed class RefusingGateway : IOrderGateway
{
    /// <summary>Submit calls so far.</summary>
    public int Submits { get; private set; }

    /// <inheritdoc />
    public bool Submit(in OrderRequest request)
    {
        Submits++;
        return false;
    }

    /// <inheritdoc />
    public bool Cancel(ushort symbolId, ClientOrderId clientOrderId) => false;
}
