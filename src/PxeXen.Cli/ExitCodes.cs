namespace PxeXen.Cli;

/// <summary>
/// What <c>pxexen</c> returns, so scripts can branch on it (also in README.md and `pxexen --help`).
/// </summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server refused the request: bad input (400) or a conflict (409).</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The server could not be reached (connection refused, no route, timeout).</summary>
    public const int Unreachable = 3;

    /// <summary>No token, or the server refused it (401/403).</summary>
    public const int Unauthorized = 4;

    /// <summary>The distro, profile or machine named does not exist (404).</summary>
    public const int NotFound = 5;

    /// <summary>The server failed (5xx) or answered something that is not the API.</summary>
    public const int ServerError = 6;

    /// <summary><c>pxexen check</c> found at least one problem.</summary>
    public const int CheckFailed = 7;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    public const string Summary =
        "Exit codes: 0 ok, 1 refused by the server (400/409), 2 usage error, 3 server unreachable, " +
        "4 token missing or refused (401/403), 5 not found (404), 6 server error (5xx or not the API), " +
        "7 check found problems, 130 interrupted.";
}
