using PxeXen.Cli;

// pxexen: the operator's command line; all logic is in CliApp so tests run it in-process.
return await CliApp.RunAsync(args, CliEnvironment.FromProcess());
