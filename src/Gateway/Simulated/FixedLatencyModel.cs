using QuantumTrader.Model.Orders;

namespace QuantumTrader.Gateway.Simulated;

/// <summary>The same delay for every request (e.g. a measured median round trip to the venue).</summary>
/// <param name="Nanoseconds">Delay in ns.</param>
public sealed record FixedLatencyModel(long Nanoseconds) : ILatencyModel
{
    /// <inheritdoc />
    public long DelayNs(in OrderRequest request) => Nanoseconds;
}
