using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Journal;

/// <summary>The few Linux calls the journal needs beyond what <see cref="System.IO.MemoryMappedFiles"/> offers.</summary>
internal static partial class Native
{
    private const int MsSync = 4;
    private const int MadvPopulateWrite = 23;
    private const int MadvWillNeed = 3;
    private const int MadvPopulateRead = 22;

    [LibraryImport("libc", EntryPoint = "msync", SetLastError = true)]
    private static partial int MSync(nint address, nuint length, int flags);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int MAdvise(nint address, nuint length, int advice);

    /// <summary>Writes the dirty pages of [address, address + length) to disk and waits; address is aligned down to a page.</summary>
    public static unsafe bool Sync(byte* address, long length)
    {
        var start = (nint)address & ~(nint)4095;
        var len = (nuint)((nint)address + (nint)length - start);
        return len == 0 || MSync(start, len, MsSync) == 0;
    }

    /// <summary>Faults the pages of a writable mapping in ahead of use; false when the kernel lacks MADV_POPULATE_WRITE.</summary>
    public static unsafe bool PopulateWrite(byte* address, long length) => MAdvise((nint)address, (nuint)length, MadvPopulateWrite) == 0;

    /// <summary>Maps the pages of a read-only range in ahead of use (one system call instead of a fault per page);
    /// falls back to a read-ahead hint on kernels without MADV_POPULATE_READ.</summary>
    public static unsafe void PopulateRead(byte* address, long length)
    {
        if (MAdvise((nint)address, (nuint)length, MadvPopulateRead) != 0)
        {
            _ = MAdvise((nint)address, (nuint)length, MadvWillNeed);
        }
    }
}
