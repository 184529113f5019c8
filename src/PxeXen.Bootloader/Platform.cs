// pxexen-boot runs in a Linux dom0 only (libc calls, SO_BINDTODEVICE, Unix file modes).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
