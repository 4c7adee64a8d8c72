using System.Runtime.CompilerServices;

namespace QuantumTrader.Model;

/// <summary>Inline storage for one feature vector in a ring slot (no heap array per event).</summary>
[InlineArray(Capacity)]
public struct FeatureBuffer
{
    /// <summary>Maximum number of features a schema may declare.</summary>
    public const int Capacity = 48;

    private float _element0;
}
