namespace QuantumTrader.Gateway.Binance.Http;

/// <summary>
/// Latest mark (or mid) price per symbol id, written by the market-data thread and read by the order
/// I/O thread to price market orders for MIN_NOTIONAL and to bound PERCENT_PRICE.
/// </summary>
/// <remarks>Each entry is one 64-bit value written and read with Volatile: safe across the two threads, no locks.</remarks>
public sealed class ReferencePrices
{
    private readonly long[] _prices;

    /// <summary>Creates room for <paramref name="symbols"/> symbol ids.</summary>
    public ReferencePrices(int symbols) => _prices = new long[Math.Max(1, symbols)];

    /// <summary>Sets the reference price (raw) of a symbol.</summary>
    public void Set(ushort symbolId, long raw)
    {
        if (symbolId < _prices.Length)
        {
            Volatile.Write(ref _prices[symbolId], raw);
        }
    }

    /// <summary>The reference price (raw), 0 when unknown.</summary>
    public long Get(ushort symbolId) => symbolId < _prices.Length ? Volatile.Read(ref _prices[symbolId]) : 0;
}
