namespace QuantumTrader.Gateway.Simulated;

/// <summary>Commission of a fill.</summary>
public interface IFeeModel
{
    /// <summary>Commission in quote units (raw fixed point) for a fill of <paramref name="notional"/>.</summary>
    long Fee(long notional, bool maker);
}
