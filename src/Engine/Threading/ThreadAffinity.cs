using System.Runtime.InteropServices;

namespace QuantumTrader.Engine.Threading;

/// <summary>Pins threads to CPU cores with Linux <c>sched_setaffinity</c>.</summary>
/// <remarks>On other systems pinning reports <see cref="PlatformNotSupportedException"/>.</remarks>
public static partial class ThreadAffinity
{
    private const int MaskWords = 16; // cpu_set_t: 1024 bits

    /// <summary>The cores this process may run on (from <c>sched_getaffinity</c>), ascending.</summary>
    public static IReadOnlyList<int> AllowedCores()
    {
        var cores = new List<int>();
        if (!OperatingSystem.IsLinux())
        {
            for (var i = 0; i < Environment.ProcessorCount; i++)
            {
                cores.Add(i);
            }

            return cores;
        }

        Span<ulong> mask = stackalloc ulong[MaskWords];
        unsafe
        {
            fixed (ulong* p = mask)
            {
                if (SchedGetAffinity(0, (nint)(MaskWords * sizeof(ulong)), p) != 0)
                {
                    throw new InvalidOperationException($"sched_getaffinity failed: errno {Marshal.GetLastPInvokeError()}");
                }
            }
        }

        for (var cpu = 0; cpu < MaskWords * 64; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cores.Add(cpu);
            }
        }

        return cores;
    }

    /// <summary>Throws a clear error when <paramref name="core"/> does not exist or is not allowed.</summary>
    public static void ValidateCore(int core)
    {
        var allowed = AllowedCores();
        var found = false;
        for (var i = 0; i < allowed.Count; i++)
        {
            found |= allowed[i] == core;
        }

        if (!found)
        {
            throw new ArgumentOutOfRangeException(
                nameof(core),
                $"core {core} does not exist or is not available to this process: available cores are {string.Join(",", allowed)}");
        }
    }

    /// <summary>Pins the calling thread to <paramref name="core"/>.</summary>
    public static void PinCurrentThread(int core)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("thread pinning needs Linux sched_setaffinity");
        }

        if (core < 0 || core >= MaskWords * 64)
        {
            throw new ArgumentOutOfRangeException(nameof(core), $"core {core} is out of range");
        }

        Span<ulong> mask = stackalloc ulong[MaskWords];
        mask[core / 64] = 1UL << (core % 64);
        unsafe
        {
            fixed (ulong* p = mask)
            {
                if (SchedSetAffinity(0, (nint)(MaskWords * sizeof(ulong)), p) != 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    throw new ArgumentOutOfRangeException(
                        nameof(core),
                        $"cannot pin to core {core} (errno {errno}): available cores are {string.Join(",", AllowedCores())}");
                }
            }
        }
    }

    /// <summary>The cores the calling thread may run on now.</summary>
    public static IReadOnlyList<int> CurrentThreadCores() => AllowedCores();

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nint cpusetsize, ulong* mask);

    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static unsafe partial int SchedGetAffinity(int pid, nint cpusetsize, ulong* mask);
}
