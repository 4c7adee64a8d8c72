namespace QuantumTrader.Stages.Signal;

/// <summary>A view of an account with no positions and no history (research runs and tests); production
/// wires the position owner instead.</summary>
public sealed class FlatPositionView : IPositionView
{
    /// <summary>The shared instance.</summary>
    public static readonly FlatPositionView Instance = new();

    /// <inheritdoc />
    public bool IsOpen(ushort symbolId) => false;

    /// <inheritdoc />
    public long LastCloseTimeNs(ushort symbolId) => 0;
}
