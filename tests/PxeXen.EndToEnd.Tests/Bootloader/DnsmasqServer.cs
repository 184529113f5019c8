using System.Diagnostics;
using System.Text;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Bootloader;

/// <summary>
/// dnsmasq (a server nobody here wrote) as the Book of Xen's Cobbler setup would run it: DHCP with
/// per-MAC dhcp-host lines, option 66 = next server, dhcp-boot=pxelinux.0, and its TFTP server on a
/// tree with pxelinux.cfg/01-&lt;mac&gt; files. Runs in the server namespace until disposed.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private DnsmasqServer(Process process) => _process = process;

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<DnsmasqServer> StartAsync(BridgedDom0 network, string tftpRoot, string leaseFile, IEnumerable<(string Mac, string Address)> hosts)
    {
        var dnsmasq = Command.Require("dnsmasq", "dnsmasq");
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "netns", "exec", network.ServerNamespace, dnsmasq, "--keep-in-foreground", "--no-daemon", "--conf-file=/dev/null",
            "--port=0", "--interface=" + network.ServerInterface, "--bind-interfaces", "--log-dhcp", "--dhcp-authoritative",
            $"--dhcp-range={network.Subnet}.100,{network.Subnet}.200,12h", "--dhcp-lease-max=1000",
            "--dhcp-option=66," + network.ServerAddress, "--dhcp-boot=pxelinux.0",
            "--enable-tftp", "--tftp-root=" + tftpRoot, "--dhcp-leasefile=" + leaseFile,
            "--pid-file=" + leaseFile + ".pid",
            .. hosts.Select(h => $"--dhcp-host={h.Mac},{h.Address}"),
        ];
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var server = new DnsmasqServer(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Append(string? line)
        {
            if (line is null) return;
            lock (server._log) server._log.AppendLine(line);
            if (line.Contains("TFTP root", StringComparison.Ordinal)) ready.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new TimeoutException("dnsmasq did not start:\n" + server.Log);
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
