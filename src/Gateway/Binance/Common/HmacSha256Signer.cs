using System.Security.Cryptography;

namespace QuantumTrader.Gateway.Binance.Common;

/// <summary>
/// Binance HMAC-SHA256 request signing: <c>hex(HMAC_SHA256(secret, queryString + body))</c>, lower-case
/// hex written into a caller buffer without allocation.
/// </summary>
/// <remarks>The secret is held as bytes, never exposed, never formatted into logs (<see cref="ToString"/> hides it).</remarks>
public sealed class HmacSha256Signer
{
    /// <summary>Length of the hex signature.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _secret;

    /// <summary>Creates a signer for the secret key (ASCII).</summary>
    public HmacSha256Signer(string secretKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        _secret = System.Text.Encoding.ASCII.GetBytes(secretKey);
    }

    /// <summary>Signs <paramref name="payload"/> (the exact bytes sent: query string then body, no separator)
    /// and writes 64 lower-case hex characters into <paramref name="destination"/>.</summary>
    public bool TrySign(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        if (destination.Length < SignatureLength)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, payload, mac);
        for (var i = 0; i < 32; i++)
        {
            destination[2 * i] = Hex(mac[i] >> 4);
            destination[(2 * i) + 1] = Hex(mac[i] & 0xF);
        }

        return true;
    }

    /// <summary>Verifies a hex signature (either case) in constant time; used by the fake server.</summary>
    public bool Verify(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> hexSignature)
    {
        if (hexSignature.Length != SignatureLength)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[SignatureLength];
        TrySign(payload, expected);
        Span<byte> lower = stackalloc byte[SignatureLength];
        for (var i = 0; i < SignatureLength; i++)
        {
            var c = hexSignature[i];
            lower[i] = c is >= (byte)'A' and <= (byte)'F' ? (byte)(c + 32) : c;
        }

        return CryptographicOperations.FixedTimeEquals(expected, lower);
    }

    /// <inheritdoc />
    public override string ToString() => "HmacSha256Signer(secret hidden)";

    private static byte Hex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
}
