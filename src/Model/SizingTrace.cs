namespace QuantumTrader.Model;

/// <summary>
/// What the sizing stage decided an order from, on the slot beside the order it sized (or refused), so that the
/// journal records every input of the decision (<c>SizingRecord</c>) and a replay compares them. Written by the
/// sizing stage only (the sizing section of <see cref="InputEvent"/>). Fractions are raw fixed point (10^-8 = 1).
/// </summary>
public struct SizingTrace
{
    /// <summary>Why no order was sized (a <c>SizingReason</c> value; 0 = sized).</summary>
    public byte Reason;

    /// <summary>True when the cold-start rule chose the leverage (fewer closed trades than configured).</summary>
    public bool ColdStart;

    /// <summary>Equity the margin was taken from, quote currency (raw).</summary>
    public long EquityRaw;

    /// <summary>Margin fraction of equity (raw fixed point, 0.02 = 2,000,000).</summary>
    public long MarginFractionRaw;

    /// <summary>Margin of the order: equity × margin fraction.</summary>
    public Margin Margin;

    /// <summary>ATR ÷ close of the symbol's last feature vector (raw fixed point).</summary>
    public long AtrPctRaw;

    /// <summary>The fractional-Kelly leverage (0 when none or not used).</summary>
    public Leverage KellyLeverage;

    /// <summary>The ATR leverage (0 when there was no ATR).</summary>
    public Leverage AtrLeverage;

    /// <summary>Stop-loss distance as a fraction of the price (raw fixed point).</summary>
    public long StopDistanceRaw;

    /// <summary>Take-profit distance as a fraction of the price (raw fixed point).</summary>
    public long TakeProfitDistanceRaw;

    /// <summary>Quantity before rounding to the step size.</summary>
    public Quantity UnroundedQuantity;

    /// <summary>Notional of the rounded quantity at the order's (tick-rounded) reference price.</summary>
    public Notional Notional;
}
