using System.Security.Cryptography;
using System.Text;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Bootloader;

/// <summary>Runs pxexen-boot (the build next to the tests) in the dom0 namespace and reads its simple0 record.</summary>
internal static class HelperRun
{
    public static string Helper => Path.Combine(AppContext.BaseDirectory, "pxexen-boot");

    /// <summary>The Native AOT build .ci/setup.d/bootloader.sh publishes.</summary>
    public const string AotHelper = "/tmp/pxexen-boot-aot/pxexen-boot";

    public static Task<Command.Result> RunAsync(BridgedDom0 network, IEnumerable<string> argv, TimeSpan? timeout = null, string? helper = null) =>
        Command.RunAsync("ip", ["netns", "exec", network.Dom0Namespace, helper ?? Helper, .. argv], timeout ?? TimeSpan.FromSeconds(90));

    /// <summary>The libxl 4.18 argv for domid <paramref name="domid"/> under <paramref name="root"/>.</summary>
    public static (string Output, string Directory, string[] Argv) Libxl418(string root, int domid, string mac, string bridge, params string[] extra)
    {
        var output = Path.Combine(root, $"bootloader.{domid}.out");
        var directory = Path.Combine(root, $"bootloader.{domid}.d");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(output, []); // libxl pre-creates the output file
        return (output, directory,
        [
            "--args=console=hvc0", .. extra, "--output=" + output, "--output-format=simple0", "--output-directory=" + directory,
            "--mac=" + mac, "--interface=" + bridge, "/dev/vg0/guest" + domid,
        ]);
    }

    /// <summary>kernel/ramdisk/args from simple0, the way libxl 4.2+ reads them.</summary>
    public static Dictionary<string, string> ReadSimple0(byte[] record)
    {
        var fields = new Dictionary<string, string>();
        foreach (var item in Encoding.UTF8.GetString(record).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = item.IndexOf(' ');
            Assert.True(space > 0, $"item '{item}' has no key");
            Assert.True(fields.TryAdd(item[..space], item[(space + 1)..].TrimStart()), $"key {item[..space]} emitted twice");
        }
        Assert.EndsWith("\0\0", Encoding.UTF8.GetString(record));
        return fields;
    }

    public static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    public static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        return data;
    }
}
