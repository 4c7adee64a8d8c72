namespace QuantumTrader.Gateway.Simulated;

/// <summary>Maker/taker commission in basis points of notional (Binance USDⓈ-M VIP 0: 2 / 5 bps).</summary>
/// <param name="MakerBps">Maker rate in basis points (may be negative: a rebate).</param>
/// <param name="TakerBps">Taker rate in basis points.</param>
public sealed record BasisPointFeeModel(decimal MakerBps = 2m, decimal TakerBps = 5m) : IFeeModel
{
    // Rates held as parts per 10^8 of notional so the computation stays in integers.
    private readonly long _makerPpHundredMillion = (long)(MakerBps * 10_000m);
    private readonly long _takerPpHundredMillion = (long)(TakerBps * 10_000m);

    /// <inheritdoc />
    public long Fee(long notional, bool maker)
        => (long)((Int128)notional * (maker ? _makerPpHundredMillion : _takerPpHundredMillion) / 100_000_000);
}
