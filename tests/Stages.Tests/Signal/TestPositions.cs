using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Stages.Tests.Signal;

/// <summary>Hand-written position view with settable open positions and close times.</summary>
internal sealed class TestPositions(int symbols) : IPositionView
{
    public bool[] Open { get; } = new bool[symbols];

    public long[] ClosedAt { get; } = new long[symbols];

    public bool IsOpen(ushort symbolId) => Open[symbolId];

    public long LastCloseTimeNs(ushort symbolId) => ClosedAt[symbolId];
}
