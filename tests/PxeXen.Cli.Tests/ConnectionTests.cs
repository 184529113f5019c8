using System.Net;
using PxeXen.Cli.Api;

namespace PxeXen.Cli.Tests;

/// <summary>Which server and token are used, and what each failure of the server looks like.</summary>
public sealed class ConnectionTests
{
    [Theory]
    [InlineData("10.0.0.1", "http://10.0.0.1/api/v1/")]
    [InlineData("10.0.0.1:8080", "http://10.0.0.1:8080/api/v1/")]
    [InlineData("http://pxe.example:5000", "http://pxe.example:5000/api/v1/")]
    [InlineData("http://pxe.example:5000/api/v1", "http://pxe.example:5000/api/v1/")]
    [InlineData("https://pxe.example/prefix/", "https://pxe.example/prefix/api/v1/")]
    public void ParseServer_AcceptsTheUsualForms(string server, string expected) =>
        Assert.Equal(expected, ServerEndpoint.ParseServer(server, "--server").ToString());

    [Fact(Timeout = 30_000)]
    public async Task Token_FlagBeatsEnvironmentBeatsTokenFile()
    {
        using var cli = new Cli();
        cli.Server.Json("DELETE", "/machines/web01", "");
        Directory.CreateDirectory(Path.Combine(cli.WorkingDirectory, "data"));
        await File.WriteAllTextAsync(Path.Combine(cli.WorkingDirectory, "data", "api-token"), "from-file\n", TestContext.Current.CancellationToken);

        await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "remove", "web01");
        cli.Environment["PXEXEN_TOKEN"] = "from-env";
        await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "remove", "web01");
        await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "remove", "web01", "--token", "from-flag");

        Assert.Equal(["Bearer from-file", "Bearer from-env", "Bearer from-flag"], cli.Server.Requests.Select(r => r.Authorization));
    }

    [Fact(Timeout = 30_000)]
    public async Task TokenFile_FollowsDataDirectoryOfLocalSettings()
    {
        using var cli = new Cli();
        cli.Server.Json("DELETE", "/machines/web01", "");
        await File.WriteAllTextAsync(Path.Combine(cli.WorkingDirectory, "appsettings.json"),
            """{"Service": {"DataDirectory": "state"}}""", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(cli.WorkingDirectory, "state"));
        await File.WriteAllTextAsync(Path.Combine(cli.WorkingDirectory, "state", "api-token"), "s3cret", TestContext.Current.CancellationToken);
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "remove", "web01");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("Bearer s3cret", cli.Server.Single("DELETE", "/machines/web01").Authorization);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reads_SendNoToken()
    {
        using var cli = new Cli();
        cli.Server.Json("GET", "/machines", "[]");
        await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "list", "--token", "t");
        Assert.Null(cli.Server.Single("GET", "/machines").Authorization);
    }

    [Fact(Timeout = 30_000)]
    public async Task ServerDown_ExitsThreeNamingTheAddressAndWhereItCameFrom()
    {
        using var cli = new Cli();
        cli.Server.Down = true;
        cli.Environment["PXEXEN_SERVER"] = "10.9.9.9:5000";
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "list");
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("cannot reach the PxeXen server at http://10.9.9.9:5000 (from PXEXEN_SERVER): connection refused", result.Error);
        Assert.Contains("--server", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task NoToken_On401_SaysWhereTokensComeFrom()
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/machines", HttpStatusCode.Unauthorized, """{"error":"a bearer token is required"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "web01", "--mac", "00:16:3e:11:11:11", "--profile", "p");
        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Contains("the server wants a token for POST /machines: a bearer token is required", result.Error);
        Assert.Contains("api-token does not exist", result.Error);
        Assert.Contains("PXEXEN_TOKEN", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task WrongToken_On401_SaysTheTokenWasRefused()
    {
        using var cli = new Cli();
        cli.Server.On("DELETE", "/machines/web01", HttpStatusCode.Unauthorized, """{"error":"wrong token"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "remove", "web01", "--token", "nope");
        Assert.Equal(ExitCodes.Unauthorized, result.ExitCode);
        Assert.Contains("the server refused the token from --token: wrong token", result.Error);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(HttpStatusCode.BadRequest, """{"error":"not a MAC address","field":"macs[1]"}""", ExitCodes.Refused, "not a MAC address (field 'macs[1]')")]
    [InlineData(HttpStatusCode.Conflict, """{"error":"MAC 00:16:3e:11:11:11 belongs to web02","field":"macs[0]"}""", ExitCodes.Refused, "belongs to web02 (field 'macs[0]')")]
    [InlineData(HttpStatusCode.NotFound, """{"error":"no profile 'p'","field":"profile"}""", ExitCodes.NotFound, "no profile 'p' (field 'profile')")]
    [InlineData(HttpStatusCode.NotFound, "", ExitCodes.ServerError, "no such endpoint")]
    [InlineData(HttpStatusCode.InternalServerError, "boom", ExitCodes.ServerError, "the server failed on POST /machines: 500")]
    public async Task ServerRefusal_ShowsItsErrorAndFieldWithTheRightExitCode(HttpStatusCode status, string body, int exitCode, string message)
    {
        using var cli = new Cli();
        cli.Server.On("POST", "/machines", status, body);
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "add", "web01", "--mac", "00:16:3e:11:11:11", "--mac", "00:16:3e:11:11:12", "--profile", "p", "--token", "t");
        Assert.True(exitCode == result.ExitCode, result.ToString());
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Out);
    }

    [Fact(Timeout = 30_000)]
    public async Task UnknownName_ExitsFive()
    {
        using var cli = new Cli();
        cli.Server.On("GET", "/machines/ghost", HttpStatusCode.NotFound, """{"error":"no machine 'ghost'"}""");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "show", "ghost");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal("pxexen: no machine 'ghost'\n", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task NotTheApi_ExitsSix()
    {
        using var cli = new Cli();
        cli.Server.On("GET", "/machines", HttpStatusCode.OK, "<html>hello</html>", "text/html");
        var result = await cli.RunAsync(TestContext.Current.CancellationToken, "machine", "list");
        Assert.Equal(ExitCodes.ServerError, result.ExitCode);
        Assert.Contains("not JSON", result.Error);
    }

    [Fact(Timeout = 30_000)]
    public async Task ServiceRunningHere_WithFlags_GivesItsPortAndItsDataDirectorysToken()
    {
        // The operator started "dotnet pxexen-server.dll --Http:Port=8080 --Service:DataDirectory=state" here.
        using var cli = new Cli();
        var proc = Path.Combine(cli.WorkingDirectory, "proc");
        var pid = Directory.CreateDirectory(Path.Combine(proc, "4242")).FullName;
        File.CreateSymbolicLink(Path.Combine(pid, "cwd"), cli.WorkingDirectory);
        File.WriteAllText(Path.Combine(pid, "cmdline"), "dotnet\0/opt/pxexen/pxexen-server.dll\0--Http:Port=8080\0--Service:DataDirectory=state\0");
        Directory.CreateDirectory(Path.Combine(cli.WorkingDirectory, "state"));
        File.WriteAllText(Path.Combine(cli.WorkingDirectory, "state", "api-token"), "from-state\n");
        // Another program in the same directory is not the service.
        var other = Directory.CreateDirectory(Path.Combine(proc, "4243")).FullName;
        File.CreateSymbolicLink(Path.Combine(other, "cwd"), cli.WorkingDirectory);
        File.WriteAllText(Path.Combine(other, "cmdline"), "bash\0--Http:Port=9999\0");
        cli.ProcRoot = proc;
        cli.Server.On("POST", "/profiles", HttpStatusCode.Created, """{"name":"p"}""");

        var added = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "add", "p", "--distro", "d");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal("Bearer from-state", cli.Server.Single("POST", "/profiles").Authorization);

        cli.Server.Down = true;
        var down = await cli.RunAsync(TestContext.Current.CancellationToken, "profile", "list");
        Assert.Contains("cannot reach the PxeXen server at http://127.0.0.1:8080 (from pxexen-server (pid 4242) running in this directory)", down.Error);
    }
}
