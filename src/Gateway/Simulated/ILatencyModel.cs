using QuantumTrader.Model.Orders;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>How long (in event time) a request takes to reach the simulated matching engine.</summary>
public interface ILatencyModel
{
    /// <summary>Delay in ns for <paramref name="request"/>; must be a pure function of its inputs (determinism).</summary>
    long DelayNs(in OrderRequest request);
}
