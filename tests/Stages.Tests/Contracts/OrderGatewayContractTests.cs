using QuantumTrader.Stages.Routing;
using QuantumTrader.Testing.Contracts;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Stages.Tests.Contracts;

/// <summary>The port contract for the counting gateway (accepts and counts, reports no outcome).</summary>
public sealed class CountingOrderGatewayContractTests : OrderGatewayContract
{
    /// <inheritdoc />
    protected override Task<Harness> CreateAsync() => Task.FromResult(new Harness(new CountingOrderGateway(), new RecordingSink(), () => { }, null));
}

/// <summary>The port contract for the tests' refusing gateway.</summary>
public sealed class RefusingGatewayContractTests : OrderGatewayContract
{
    /// <inheritdoc />
    protected override Task<Harness> CreateAsync() => Task.FromResult(new Harness(new RefusingGateway(), new RecordingSink(), () => { }, null));
}
