namespace QuantumTrader.Engine.Random;

/// <summary>
/// A seeded, allocation-free pseudo-random generator (SplitMix64): the same seed gives the same sequence on
/// every machine and run, which is what the core's determinism needs. Not for cryptography.
/// </summary>
/// <remarks>A mutable struct: keep it in a field, not a readonly one, and use it from one thread.</remarks>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>Creates the generator from <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A double uniformly in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniformly in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);
}
