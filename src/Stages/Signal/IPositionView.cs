namespace QuantumTrader.Stages.Signal;

/// <summary>
/// What the signal stage needs to know about positions: read-only, provided by the position owner, which
/// runs on the same stage-group thread (inference+signal+sizing+gating), so no synchronization is needed.
/// </summary>
public interface IPositionView
{
    /// <summary>True while the symbol has an open position.</summary>
    bool IsOpen(ushort symbolId);

    /// <summary>Event time (ns) at which the symbol's last position closed, or 0 if never.</summary>
    long LastCloseTimeNs(ushort symbolId);
}
