using System.Diagnostics.CodeAnalysis;

namespace QuantumTrader.Stages.Journaling;

/// <summary>Throws for the codecs, kept out of their inlined fast paths.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTooShort() => throw new ArgumentException("destination is shorter than the record payload");
}
