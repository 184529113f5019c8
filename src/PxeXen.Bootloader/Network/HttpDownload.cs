using System.Net;

namespace PxeXen.Bootloader.Network;

/// <summary>
/// Kernels and initrds named by http:// or https:// URLs (spec §7.4: lpxelinux/gPXE fetch these too).
/// Streams into the destination with the same 1 GiB limit as TFTP.
/// </summary>
internal static class HttpDownload
{
    private static readonly Lazy<HttpClient> Client = new(() => new HttpClient(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public static async Task<TftpOutcome> RunAsync(string url, Stream destination, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.Value.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return TftpOutcome.ServerError($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength is > TftpDownload.MaxFileSize)
                return TftpOutcome.Failed($"{url}: {response.Content.Headers.ContentLength} bytes is more than the 1024 MiB limit");
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1 << 16];
            long total = 0;
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(idleTimeout * 5);
                var read = await body.ReadAsync(buffer, idle.Token);
                if (read == 0)
                    return TftpOutcome.Done(total);
                total += read;
                if (total > TftpDownload.MaxFileSize)
                    return TftpOutcome.Failed($"{url}: more than the 1024 MiB limit");
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (HttpRequestException ex)
        {
            return TftpOutcome.Failed($"{url}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TftpOutcome.Failed($"{url}: no data for {idleTimeout.TotalSeconds * 5:0} s");
        }
        catch (IOException ex)
        {
            return TftpOutcome.Failed($"{url}: {ex.Message}");
        }
    }
}
