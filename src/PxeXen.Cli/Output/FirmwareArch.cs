namespace PxeXen.Cli.Output;

/// <summary>DHCP option 93 client architecture (RFC 4578 §2.1, IANA "Processor Architecture Types") in words.</summary>
public static class FirmwareArch
{
    public static string Describe(string code) => code switch
    {
        "" => "",
        "0" => "0 (BIOS x86)",
        "6" => "6 (UEFI x86)",
        "7" => "7 (UEFI x64)",
        "9" => "9 (UEFI x64)",
        "10" => "10 (UEFI ARM32)",
        "11" => "11 (UEFI ARM64)",
        "15" => "15 (UEFI HTTP x86)",
        "16" => "16 (UEFI HTTP x64)",
        "19" => "19 (UEFI HTTP ARM64)",
        _ => code,
    };
}
