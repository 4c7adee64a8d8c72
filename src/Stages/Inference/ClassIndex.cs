namespace QuantumTrader.Stages.Inference;

/// <summary>Positions of the classes in every probability vector of the inference stage.</summary>
public static class ClassIndex
{
    /// <summary>SELL.</summary>
    public const int Sell = 0;

    /// <summary>HOLD.</summary>
    public const int Hold = 1;

    /// <summary>BUY.</summary>
    public const int Buy = 2;

    /// <summary>Number of classes.</summary>
    public const int Count = 3;

    /// <summary>The class names, by index.</summary>
    public static IReadOnlyList<string> Names { get; } = ["SELL", "HOLD", "BUY"];
}
