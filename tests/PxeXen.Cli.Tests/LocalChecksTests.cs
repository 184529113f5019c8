using System.Net;
using System.Text.Json.Nodes;
using PxeXen.Cli.Api;
using PxeXen.Cli.Checks;

namespace PxeXen.Cli.Tests;

public sealed class LocalChecksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pxexen-cli-local-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static readonly (string, IPAddress, int)[] Interfaces =
    [
        ("lo", IPAddress.Loopback, 8),
        ("eth1", IPAddress.Parse("10.0.0.1"), 24),
    ];

    private LocalChecks Checks(string settings, ListeningSockets? sockets = null)
    {
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), settings);
        return new LocalChecks(LocalService.Load(_root), sockets ?? new ListeningSockets(Path.Combine(_root, "proc")), () => Interfaces);
    }

    [Fact]
    public void Subnets_OneNoInterfaceIsOn_IsAWarningNamingTheSetting()
    {
        var findings = Checks("""{"Dhcp":{"Mode":"Authoritative","Subnets":[{"Network":"10.0.0.0/24"},{"Network":"192.168.7.0/24"}]}}""").Subnets().ToList();
        Assert.Contains(findings, f => f.Subject == "subnet 10.0.0.0/24" && f.Severity == Severity.Ok && f.Problem.Contains("eth1"));
        Assert.Contains(findings, f => f.Subject == "subnet 192.168.7.0/24" && f.Severity == Severity.Warning && f.Fix.Contains("Dhcp:Subnets:1:Network"));
    }

    [Fact]
    public void Subnets_OnAnInterfaceDhcpDoesNotServe_IsAWarning()
    {
        var finding = Assert.Single(Checks("""{"Dhcp":{"Interfaces":["eth9"],"Subnets":[{"Network":"10.0.0.0/24"}]}}""").Subnets());
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("none of Dhcp:Interfaces (eth9)", finding.Problem);
    }

    [Theory]
    [InlineData("127.0.0.1", Severity.Error, "loopback")]
    [InlineData("10.0.0.9", Severity.Error, "not an address of this host")]
    [InlineData("10.0.0.1", Severity.Ok, "reachable")]
    public void ServerAddress_MustBeReachableByClients(string address, Severity severity, string text)
    {
        var finding = Assert.Single(Checks($$$"""{"Dhcp":{"ServerAddress":"{{{address}}}"}}""").ServerAddress());
        Assert.Equal(severity, finding.Severity);
        Assert.Contains(text, finding.Problem);
    }

    [Fact]
    public void HttpOnLoopbackWhileDhcpSendsClientsThere_IsAnError()
    {
        var finding = Assert.Single(Checks("""{"Dhcp":{"Mode":"Proxy"},"Http":{"Address":"127.0.0.1","BaseUrl":"http://10.0.0.1:8080"}}""").ServerAddress(), f => f.Severity == Severity.Error);
        Assert.Equal("Http:Address", finding.Subject);
    }

    [Fact]
    public void BootFiles_MissingKernelOrInitrd_NamesThePathToCopyTo()
    {
        Directory.CreateDirectory(Path.Combine(_root, "boot-images", "debian12"));
        File.WriteAllText(Path.Combine(_root, "boot-images", "debian12", "vmlinuz"), "k");
        var findings = Checks("{}").BootFiles(JsonNode.Parse("""[{"name":"debian12","kernel":"debian12/vmlinuz","initrds":["debian12/initrd.gz"]}]""")!.AsArray()).ToList();
        var finding = Assert.Single(findings);
        Assert.Contains("debian12/initrd.gz is missing", finding.Problem);
        Assert.Equal($"copy it to {Path.Combine(_root, "boot-images", "debian12", "initrd.gz")}", finding.Fix);
    }

    [Fact]
    public void Ports_HeldByAnotherProgram_NamesItAndTheSetting()
    {
        // /proc/net/udp with port 69 (0x45) bound by inode 777, held by pid 4242 "in.tftpd".
        var proc = Path.Combine(_root, "proc");
        Directory.CreateDirectory(Path.Combine(proc, "net"));
        File.WriteAllText(Path.Combine(proc, "net", "udp"),
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n" +
            "  1: 00000000:0045 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 777 2 0000000000000000 0\n");
        var fd = Path.Combine(proc, "4242", "fd");
        Directory.CreateDirectory(fd);
        File.CreateSymbolicLink(Path.Combine(fd, "3"), "socket:[777]");
        File.WriteAllText(Path.Combine(proc, "4242", "cmdline"), "/usr/sbin/in.tftpd\0--listen\0");
        var findings = Checks("""{"Dhcp":{"Mode":"Proxy"}}""", new ListeningSockets(proc)).Ports(5099).ToList();
        Assert.Contains(findings, f => f.Subject == "port 67/udp");
        Assert.Contains(findings, f => f.Subject == "port 4011/udp");
        var tftp = Assert.Single(findings, f => f.Subject == "port 69/udp");
        Assert.Equal(Severity.Error, tftp.Severity);
        Assert.Contains("in.tftpd (pid 4242)", tftp.Problem);
        Assert.Contains("Tftp:Port", tftp.Fix);
        Assert.Contains(findings, f => f.Subject == "port 5099/tcp" && f.Severity == Severity.Ok);
    }

    [Fact]
    public void ParseTable_TcpCountsOnlyListeners()
    {
        string[] lines =
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 100 1",
            "   1: 0100007F:1388 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 101 1",
        ];
        Assert.Equal([100L], ListeningSockets.ParseTable(lines, 5000, listeningOnly: true));
    }
}
