using System.Diagnostics.CodeAnalysis;

namespace QuantumTrader.Stages.Features;

/// <summary>Throws out of line so hot methods stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string name) => throw new ArgumentOutOfRangeException(name);
}
