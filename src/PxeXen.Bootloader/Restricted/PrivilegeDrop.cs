using System.Runtime.InteropServices;
using PxeXen.Bootloader.Native;

namespace PxeXen.Bootloader.Restricted;

/// <summary>
/// Restricted mode (spec §2.8): after the privileged setup, become <c>uid</c> with gid = uid and no
/// supplementary groups, as pygrub's depriv does. glibc applies set*id to every thread of the
/// process, so this is safe in a multi-threaded .NET process.
/// </summary>
internal static class PrivilegeDrop
{
    public static bool TryDrop(uint uid, out string? error)
    {
        error = null;
        if (LibC.Setgroups(0, 0) != 0)
            return Fail("setgroups(0)", out error);
        if (LibC.Setgid(uid) != 0)
            return Fail($"setgid({uid})", out error);
        if (LibC.Setuid(uid) != 0)
            return Fail($"setuid({uid})", out error);
        _ = LibC.Prctl(LibC.PrSetNoNewPrivs, 1, 0, 0, 0);
        if (LibC.Geteuid() != uid)
        {
            error = $"still running as uid {LibC.Geteuid()} after setuid({uid})";
            return false;
        }
        return true;
    }

    private static bool Fail(string call, out string? error)
    {
        error = $"{call} failed: {LibC.Describe(Marshal.GetLastPInvokeError())}";
        return false;
    }
}
