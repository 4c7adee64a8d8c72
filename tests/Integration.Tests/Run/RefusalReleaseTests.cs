using QuantumTrader.Model.Orders;
using QuantumTrader.Model.Ports;
using Xunit;
using QuantumTrader.Testing.Ports;

namespace QuantumTrader.Integration.Tests.Run;

/// <summary>
/// An order the gate approved but that never reached the venue (the gateway refused it, or a halt held it in
/// the route stage) must come back through the ring as a rejection, so the gate's open exposure is released.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RefusalReleaseTests
{
    [Fact]
    public void Capture_EveryOrderRefusedByTheGateway_GateExposureBackToZero()
    {
        var (engine, _, _) = PipelineRunTests.RunCapture(venue: _ => new RefusingGateway());
        Assert.True(engine.Route.Refused > 0, "no order was refused: the test exercises nothing");
        Assert.Equal(0, engine.Ledger.OpenEntryExposure(0));
        Assert.Equal(0, engine.Ledger.Position(0));
        Assert.Equal(0, engine.Route.LostRejections);
        Assert.True(engine.Gating.Approved == engine.Route.Refused, "every approved order was refused and released");
    }

    [Fact]
    public void Capture_OrderHeldByAHalt_GateExposureBackToZero()
    {
        var (_, clean, _) = PipelineRunTests.RunCapture();
        Assert.True(clean.Count > 2);

        // Decision ids are ring sequence + 1 without a journal: the journal stage fails on the first decision slot.
        var (engine, _, _) = PipelineRunTests.RunCapture(_ => new PipelineRunTests.ThrowingStage(clean[0].ClientOrderId.Sequence - 1));
        Assert.True(engine.Route.HeldByHalt >= 1, "no order was held by the halt");
        Assert.Equal(0, engine.Ledger.OpenEntryExposure(0));
    }
}
