// The helper under test is Linux-only (libc, SO_BINDTODEVICE, Unix file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
