using PxeXen.Server.Api;
using PxeXen.Server.Dhcp;
using PxeXen.Server.Http;
using PxeXen.Server.Settings;
using PxeXen.Server.Tftp;
using Serilog;

// The boot service: one process, one socket per BackgroundService, settings validated at start.
// Every setting can be given as --Section:Key=value or PXEXEN_Section__Key=value.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    // Settings are read and checked once, at start. Reloading appsettings.json on change would
    // watch the whole content root, data/ included: a thread woke for every SQLite write.
    Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
    ContentRootPath = Directory.GetCurrentDirectory(),
});
builder.Configuration.AddEnvironmentVariables(prefix: "PXEXEN_");
builder.Configuration.AddCommandLine(args);

// Console by default (structured, one line per event); levels and extra sinks from "Serilog".
builder.Services.AddSerilog((_, logger) => logger
    .MinimumLevel.Information()
    .MinimumLevel.Override("Microsoft", Serilog.Events.LogEventLevel.Warning)
    .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
    .ReadFrom.Configuration(builder.Configuration)
    .Enrich.FromLogContext()
    .Filter.ByExcluding(ServiceHost.IsReportedSettingError)
    .WriteTo.Console(outputTemplate: "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{NewLine}{Exception}"));

builder.Services.AddPxeXenSettings<ServiceSettings>(builder.Configuration, ServiceSettings.Section);
builder.Services.AddPxeXenInventory(builder.Configuration);
builder.Services.AddPxeXenTftp(builder.Configuration);
builder.Services.AddPxeXenDhcp(builder.Configuration);

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok\n"));
app.MapPxeXenApi();
app.MapPxeXenHttp();
app.MapPxeXenDhcpApi();

return await ServiceHost.RunAsync(app);
