using PxeXen.Server.Settings;
using Serilog;

// The boot service: one process, one socket per BackgroundService, settings validated at start.
// Every setting can be given as --Section:Key=value or PXEXEN_Section__Key=value.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = Directory.GetCurrentDirectory(),
});
builder.Configuration.AddEnvironmentVariables(prefix: "PXEXEN_");
builder.Configuration.AddCommandLine(args);

builder.Services.AddSerilog((_, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .Enrich.FromLogContext());

builder.Services.AddPxeXenSettings<ServiceSettings>(builder.Configuration, ServiceSettings.Section);

var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok\n"));

return await ServiceHost.RunAsync(app);
