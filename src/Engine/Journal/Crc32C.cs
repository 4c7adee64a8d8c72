using System.Numerics;
using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Journal;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
public static class Crc32C
{
    /// <summary>Initial state of a running checksum.</summary>
    public const uint Seed = 0xFFFF_FFFFu;

    /// <summary>Feeds a 32-bit value into a running checksum.</summary>
    public static uint Append(uint crc, uint value) => BitOperations.Crc32C(crc, value);

    /// <summary>Feeds bytes into a running checksum.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var longs = MemoryMarshal.Cast<byte, ulong>(data);
        for (var i = 0; i < longs.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, longs[i]);
        }

        for (var i = longs.Length * 8; i < data.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, data[i]);
        }

        return crc;
    }

    /// <summary>Finishes a running checksum.</summary>
    public static uint Finish(uint crc) => ~crc;

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));
}
