using System.CommandLine;
using PxeXen.Cli.Output;

namespace PxeXen.Cli.Commands;

/// <summary>The <c>list</c>, <c>show</c> and <c>remove</c> verbs, the same for every noun.</summary>
public static class Listing
{
    public static Command List(CommandActions actions, string collection, IReadOnlyList<Column> columns, string emptyMessage)
    {
        var command = new Command("list", $"List {collection} (a table; --json for scripts)");
        actions.Set(command, async (context, cancellationToken) =>
        {
            context.Print.List(await context.Api.GetListAsync(collection, cancellationToken), columns, emptyMessage);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Show(CommandActions actions, string noun, string collection)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("show", $"Show one {noun}, every field") { name };
        actions.Set(command, async (context, cancellationToken) =>
        {
            context.Print.Show(await context.Api.GetObjectAsync($"{collection}/{Values.Segment(context.Get(name)!)}", cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Remove(CommandActions actions, string noun, string collection)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", $"Remove a {noun}") { name };
        command.Aliases.Add("rm");
        actions.Set(command, async (context, cancellationToken) =>
        {
            await context.Api.SendAsync(HttpMethod.Delete, $"{collection}/{Values.Segment(context.Get(name)!)}", null, cancellationToken);
            context.Print.Done($"{noun} {context.Get(name)} removed");
            return ExitCodes.Ok;
        });
        return command;
    }
}
