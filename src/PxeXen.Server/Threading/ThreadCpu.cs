using System.Runtime.InteropServices;

namespace PxeXen.Server.Threading;

/// <summary>
/// The calling thread's CPU and the CPUs it may run on (Linux: sched_getcpu, sched_get/setaffinity
/// with pid 0, which is the calling thread, not the process).
/// </summary>
internal static partial class ThreadCpu
{
    /// <summary>CPU_SETSIZE: masks are this many bits, <see cref="MaskWords"/> words.</summary>
    public const int MaxCpus = 1024;
    public const int MaskWords = MaxCpus / 64;

    /// <summary>The CPU the calling thread runs on now, or -1 where that cannot be known.</summary>
    public static int Current() => OperatingSystem.IsLinux() ? GetCpu() : -1;

    /// <summary>Reads the CPUs the calling thread may run on into <paramref name="mask"/> (<see cref="MaskWords"/> words).</summary>
    public static bool TryGetAllowed(Span<ulong> mask) =>
        OperatingSystem.IsLinux() && mask.Length == MaskWords && GetAffinity(0, MaxCpus / 8, ref mask[0]) == 0;

    /// <summary>Lets the calling thread run on the CPUs of <paramref name="mask"/> only; the kernel moves it if it must.</summary>
    public static bool TrySetAllowed(ReadOnlySpan<ulong> mask) =>
        OperatingSystem.IsLinux() && mask.Length == MaskWords && SetAffinity(0, MaxCpus / 8, in mask[0]) == 0;

    public static bool Contains(ReadOnlySpan<ulong> mask, int cpu) => (mask[cpu / 64] & (1UL << (cpu % 64))) != 0;

    public static void Add(Span<ulong> mask, int cpu) => mask[cpu / 64] |= 1UL << (cpu % 64);

    [LibraryImport("libc", EntryPoint = "sched_getcpu")]
    private static partial int GetCpu();

    [LibraryImport("libc", EntryPoint = "sched_getaffinity")]
    private static partial int GetAffinity(int pid, nuint size, ref ulong mask);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity")]
    private static partial int SetAffinity(int pid, nuint size, in ulong mask);
}
