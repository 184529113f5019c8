namespace PxeXen.Protocol.Tests.Dhcp;

/// <summary>The Xen helper's DHCPDISCOVER, byte for byte from xen-bootloader-spec.md §8.2.</summary>
internal static class XenHelperDiscover
{
    public const string OptionsHex =
        "63825363" + "350101" + "390205c0" + "370e0103060c0f1c2b3c4243d0d1d2d3" + "5d020000" + "5e03010201"
        + "3c20" + "505845436c69656e743a417263683a30303030303a554e44493a303032303031" + "ff";

    public static byte[] Bytes(uint xid = 0x11223344)
    {
        var header = new byte[236];
        header[0] = 1; header[1] = 1; header[2] = 6;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), xid);
        header[10] = 0x80;
        byte[] mac = [0x00, 0x16, 0x3e, 0x11, 0x11, 0x11];
        mac.CopyTo(header, 28);
        return [.. header, .. Convert.FromHexString(OptionsHex)];
    }
}
