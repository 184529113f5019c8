using System.Diagnostics;
using System.Text.Json.Nodes;
using PxeXen.EndToEnd.Tests.Infrastructure;

namespace PxeXen.EndToEnd.Tests.Cli;

/// <summary>
/// <c>pxexen check</c>'s checks of this host against the real /proc: a port the service is set to
/// use, held by another program, and a DHCP subnet no interface of this host is on.
/// </summary>
public sealed class CheckHostTests(CliService service) : IClassFixture<CliService>
{
    [Fact(Timeout = 60_000)]
    public async Task Check_NamesTheProgramHoldingTheTftpPortAndASubnetNoInterfaceIsOn()
    {
        var ct = TestContext.Current.CancellationToken;
        var python = Command.Require("python3", "python3");
        var port = Random.Shared.Next(40_000, 50_000);
        using var directory = new TempDirectory();
        Directory.CreateDirectory(directory.Combine("boot-images"));
        // A documentation network (RFC 5737) this host is not on: only written in a settings file, never sent to.
        var hostAddresses = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address).ToList();
        var subnet = new[] { "198.51.100.0/24", "203.0.113.0/24", "192.0.2.0/24" }
            .First(n => !hostAddresses.Any(System.Net.IPNetwork.Parse(n).Contains));
        await File.WriteAllTextAsync(directory.Combine("appsettings.json"),
            $$$"""{"Tftp":{"Port":{{{port}}}},"Dhcp":{"Mode":"Off","Subnets":[{"Network":"{{{subnet}}}"}]}}""", ct);

        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var word in new[] { "-c", $"import socket,sys,time; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', {port})); print('bound', flush=True); time.sleep(60)" })
            start.ArgumentList.Add(word);
        using var holder = Process.Start(start)!;
        try
        {
            Assert.Equal("bound", await holder.StandardOutput.ReadLineAsync(ct));
            // Nothing listens on 127.0.0.1:1: the checks of this host use ./appsettings.json.
            var check = await service.RunInAsync(directory.Path, ct, "check", "--json", "--server", "http://127.0.0.1:1");
            Assert.True(check.ExitCode == 3, check.ToString());
            var findings = JsonNode.Parse(check.StandardOutput)!.AsArray();
            var taken = Assert.Single(findings, f => (string?)f!["subject"] == $"port {port}/udp")!;
            Assert.Equal("error", (string?)taken["severity"]);
            Assert.Contains($"(pid {holder.Id})", (string?)taken["problem"]);
            Assert.Contains("Tftp:Port", (string?)taken["fix"]);
            var offSubnet = Assert.Single(findings, f => (string?)f!["subject"] == $"subnet {subnet}")!;
            Assert.Equal("warning", (string?)offSubnet["severity"]);
        }
        finally
        {
            holder.Kill();
            await holder.WaitForExitAsync(CancellationToken.None);
        }
    }
}
