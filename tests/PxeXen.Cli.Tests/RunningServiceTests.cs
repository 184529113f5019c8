using System.Net;
using PxeXen.Cli.Api;
using PxeXen.Cli.Checks;

namespace PxeXen.Cli.Tests;

/// <summary>check reads the settings the running service really has: file, environment, command line.</summary>
public sealed class RunningServiceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxexen-cli-running-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void CommandLine_ReadLikeDotnetConfiguration()
    {
        var pairs = SettingsOverlay.FromCommandLine(["--Http:Port=8080", "--Dhcp:Mode", "Proxy", "/Tftp:Port=6969", "Dhcp:Interfaces:0=br0", "--verbose"]).ToList();
        Assert.Equal(
            [new("Http:Port", "8080"), new("Dhcp:Mode", "Proxy"), new("Tftp:Port", "6969"), new KeyValuePair<string, string>("Dhcp:Interfaces:0", "br0")],
            pairs);
        Assert.Equal([new KeyValuePair<string, string>("Tftp:Enabled", "false")],
            SettingsOverlay.FromEnvironment(["PATH=/usr/bin", "PXEXEN_Tftp__Enabled=false", "PXEXEN_=x"]));
    }

    [Fact]
    public void Overrides_BeatTheFileAndBuildLists()
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), """{"Http":{"Port":5000},"Dhcp":{"Mode":"Off","Subnets":[{"Network":"10.0.0.0/24"}]}}""");
        var service = LocalService.Load(_root,
        [
            new("http:port", "8080"), new("Dhcp:Mode", "Authoritative"),
            new("Dhcp:Subnets:1:Network", "10.99.0.0/24"), new("Dhcp:Interfaces:0", "br0"), new("Tftp:Enabled", "false"),
        ]);
        Assert.Equal(8080, service.HttpPort);
        Assert.Equal("Authoritative", service.GetString("Dhcp", "Mode"));
        Assert.False(service.GetBool("Tftp", "Enabled"));
        var findings = new LocalChecks(service, new ListeningSockets(Path.Combine(_root, "none")), () => [("br0", IPAddress.Parse("10.99.0.1"), 24)]).Subnets().ToList();
        Assert.Contains(findings, f => f.Subject == "subnet 10.0.0.0/24" && f.Severity == Severity.Warning);
        Assert.Contains(findings, f => f.Subject == "subnet 10.99.0.0/24" && f.Severity == Severity.Ok && f.Problem.Contains("br0"));
        Assert.DoesNotContain(new LocalChecks(service, new ListeningSockets(Path.Combine(_root, "none"))).Ports(8080), f => f.Subject.EndsWith("/udp", StringComparison.Ordinal) && f.Subject.StartsWith("port 69", StringComparison.Ordinal));
    }

    [Fact]
    public void Find_ReadsTheProcessHoldingTheApiPort()
    {
        // /proc/net/tcp: port 8080 (0x1F90) listening (0A), inode 555, held by pid 777 "dotnet pxexen-server.dll".
        var proc = Path.Combine(_root, "proc");
        Directory.CreateDirectory(Path.Combine(proc, "net"));
        File.WriteAllText(Path.Combine(proc, "net", "tcp"),
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
            "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1\n");
        var pid = Path.Combine(proc, "777");
        Directory.CreateDirectory(Path.Combine(pid, "fd"));
        File.CreateSymbolicLink(Path.Combine(pid, "fd", "9"), "socket:[555]");
        var serviceDirectory = Directory.CreateDirectory(Path.Combine(_root, "srv")).FullName;
        File.WriteAllText(Path.Combine(serviceDirectory, "appsettings.json"), """{"Dhcp":{"Mode":"Off"}}""");
        File.CreateSymbolicLink(Path.Combine(pid, "cwd"), serviceDirectory);
        File.WriteAllText(Path.Combine(pid, "cmdline"), "dotnet\0src/PxeXen.Server/bin/pxexen-server.dll\0--Http:Port=8080\0--Dhcp:Mode=Proxy\0");
        File.WriteAllText(Path.Combine(pid, "environ"), "HOME=/root\0PXEXEN_Dhcp__ProxyPort=4012\0");

        var running = RunningService.Find(new ListeningSockets(proc), proc, 8080);
        Assert.NotNull(running);
        Assert.Equal(777, running.Pid);
        Assert.Equal(serviceDirectory, running.Directory);
        Assert.Equal("Proxy", running.Settings.GetString("Dhcp", "Mode"));
        Assert.Equal(4012, running.Settings.GetInt("Dhcp", "ProxyPort"));
        Assert.Equal(Path.Combine(serviceDirectory, "boot-images"), running.Settings.BootImages);
        Assert.Null(RunningService.Find(new ListeningSockets(proc), proc, 8081));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("10.99.0.1", true)]
    [InlineData("10.99.0.2", false)]
    [InlineData("pxe.example.org", false)]
    public void IsThisHost_LoopbackOrOneOfItsAddresses(string host, bool expected) =>
        Assert.Equal(expected, LocalChecks.IsThisHost(host, [IPAddress.Parse("10.99.0.1")]));
}
