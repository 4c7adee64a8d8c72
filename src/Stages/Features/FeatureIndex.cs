namespace QuantumTrader.Stages.Features;

/// <summary>Vector positions of the features of <see cref="FeatureSchemas.Current"/> (the same in V1 and V2).</summary>
public static class FeatureIndex
{
#pragma warning disable CS1591 // One constant per schema name; the names are the documentation (docs/FEATURES.md).
    public const int Ret1 = 0;
    public const int Ret5 = 1;
    public const int HighLowRange = 2;
    public const int Ema9Dist = 3;
    public const int Ema10Dist = 4;
    public const int Ema20Dist = 5;
    public const int Ema21Dist = 6;
    public const int Ema50Dist = 7;
    public const int Ema200Dist = 8;
    public const int Ema10_20Cross = 9;
    public const int Ema10_50Cross = 10;
    public const int Rsi14 = 11;
    public const int Macd = 12;
    public const int MacdSignal = 13;
    public const int MacdHist = 14;
    public const int BbPosition = 15;
    public const int BbWidth = 16;
    public const int Atr14 = 17;
    public const int AtrPct = 18;
    public const int RealizedVol20 = 19;
    public const int Momentum5 = 20;
    public const int Momentum10 = 21;
    public const int Momentum20 = 22;
    public const int Adx14 = 23;
    public const int PlusDi14 = 24;
    public const int MinusDi14 = 25;
    public const int VolumeRatio20 = 26;
    public const int TakerBuyRatio = 27;
    public const int ObvFlow20 = 28;
    public const int BookImbalance = 29;
    public const int SpreadBps = 30;
    public const int FundingRate = 31;
#pragma warning restore CS1591

    /// <summary>Number of features in V1.</summary>
    public const int Count = 32;
}
