using QuantumTrader.Model;

using QuantumTrader.Engine.Random;

namespace QuantumTrader.Stages.Features;

/// <summary>
/// A deterministic synthetic USDⓈ-M market for training, tests and benchmarks (NOT real data): per symbol,
/// one second at a time, a log price driven by a slowly mean-reverting drift plus noise, 1–3 trades whose
/// aggressor side leans with the drift, a bookTicker whose queue imbalance leans with the drift, and a
/// markPrice with a funding rate every 3 s. Events are normalized (Valid = true) and time-ordered per symbol (symbols interleave second by second).
/// </summary>
public sealed class SyntheticMarket
{
    private const long SecondNs = 1_000_000_000L;

    /// <summary>Creates a generator.</summary>
    /// <param name="seed">Seed: the same seed gives the same events, byte for byte.</param>
    /// <param name="symbolCount">Symbols, ids 0..symbolCount−1.</param>
    /// <param name="startTimeNs">Exchange time of the first second (ns since the Unix epoch).</param>
    /// <param name="seconds">Seconds of market to generate.</param>
    public SyntheticMarket(ulong seed, int symbolCount, long startTimeNs, long seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        Seed = seed;
        SymbolCount = symbolCount;
        StartTimeNs = startTimeNs;
        Seconds = seconds;
    }

    /// <summary>Seed.</summary>
    public ulong Seed { get; }

    /// <summary>Number of symbols.</summary>
    public int SymbolCount { get; }

    /// <summary>Start time, ns.</summary>
    public long StartTimeNs { get; }

    /// <summary>Length in seconds.</summary>
    public long Seconds { get; }

    /// <summary>A short description for model metadata and reports.</summary>
    public string Description => $"synthetic(seed={Seed}, symbols={SymbolCount}, start={StartTimeNs}, seconds={Seconds})";

    /// <summary>The events, lazily, in time order.</summary>
    public IEnumerable<InputEvent> Events()
    {
        var rng = new SplitMix64(Seed);
        var logPrice = new double[SymbolCount];
        var drift = new double[SymbolCount];
        var tick = new long[SymbolCount];
        var funding = new double[SymbolCount];
        for (var s = 0; s < SymbolCount; s++)
        {
            logPrice[s] = Math.Log(s == 0 ? 60_000.0 : 3_000.0 / s);
            tick[s] = s == 0 ? 10_000_000L : 1_000_000L; // 0.10 and 0.01 in raw units
            funding[s] = 0.0001;
        }

        long tradeId = 0;
        for (long sec = 0; sec < Seconds; sec++)
        {
            var t0 = StartTimeNs + (sec * SecondNs);
            for (var s = 0; s < SymbolCount; s++)
            {
                // Drift: AR(1) with a half-life of about 12 minutes and a spread of about 0.13 bp/s; noise 1 bp/s.
                drift[s] = (0.999 * drift[s]) + (0.0000006 * rng.NextGaussian());
                logPrice[s] += drift[s] + (0.0001 * rng.NextGaussian());
                var price = RoundToTick(Math.Exp(logPrice[s]), tick[s]);
                var lean = Math.Clamp(drift[s] / 0.00003, -0.3, 0.3);

                var trades = 1 + (int)(rng.NextDouble() * 3);
                for (var k = 0; k < trades; k++)
                {
                    var jitter = (long)Math.Round(rng.NextGaussian()) * tick[s];
                    var takerBuys = rng.NextDouble() < 0.5 + lean;
                    var qty = 0.001 + (rng.NextDouble() * 0.5);
                    yield return new InputEvent
                    {
                        Kind = InputKind.Trade,
                        Venue = Venue.Synthetic,
                        SymbolId = (ushort)s,
                        Flags = takerBuys ? (ushort)0 : (ushort)1,
                        ExchangeTimeNs = t0 + ((k + 1) * 200_000_000L),
                        ReceiveTimeNs = t0 + ((k + 1) * 200_000_000L) + 1_000_000L,
                        SourceSequence = ++tradeId,
                        Price = new Price(Math.Max(tick[s], price + jitter)),
                        Quantity = new Quantity((long)Math.Round(qty * 1000) * 100_000L),
                        Valid = true,
                    };
                }

                var bidQty = 1.0 + (rng.NextDouble() * 4.0 * (1 + lean));
                var askQty = 1.0 + (rng.NextDouble() * 4.0 * (1 - lean));
                yield return new InputEvent
                {
                    Kind = InputKind.BookTicker,
                    Venue = Venue.Synthetic,
                    SymbolId = (ushort)s,
                    ExchangeTimeNs = t0 + 900_000_000L,
                    ReceiveTimeNs = t0 + 901_000_000L,
                    BidPrice = new Price(price - tick[s]),
                    AskPrice = new Price(price),
                    BidQuantity = new Quantity((long)Math.Round(bidQty * 1000) * 100_000L),
                    AskQuantity = new Quantity((long)Math.Round(askQty * 1000) * 100_000L),
                    Valid = true,
                };

                if (sec % 3 == 0)
                {
                    funding[s] = Math.Clamp((0.98 * funding[s]) + (0.000002 * rng.NextGaussian()) + 0.000002, -0.003, 0.003);
                    yield return new InputEvent
                    {
                        Kind = InputKind.MarkPrice,
                        Venue = Venue.Synthetic,
                        SymbolId = (ushort)s,
                        ExchangeTimeNs = t0 + 950_000_000L,
                        ReceiveTimeNs = t0 + 951_000_000L,
                        Price = new Price(price),
                        Aux0 = (long)Math.Round(funding[s] * 1e8),
                        Aux2 = NextFundingNs(t0 + 950_000_000L), // Binance's T: the next 8-hour funding time
                        Valid = true,
                    };
                }
            }
        }
    }

    private static long NextFundingNs(long timeNs)
    {
        const long Period = 8L * 3600 * 1_000_000_000;
        return ((timeNs / Period) + 1) * Period;
    }

    private static long RoundToTick(double price, long tickRaw)
    {
        var raw = price * FixedPoint.Scale;
        return Math.Max(tickRaw, (long)Math.Round(raw / tickRaw) * tickRaw);
    }
}
