using System.Net;

namespace PxeXen.Server.Tftp;

internal static partial class TftpLog
{
    [LoggerMessage(1, LogLevel.Information, "TFTP listening on {EndPoint}, serving {Root}")]
    public static partial void Listening(ILogger logger, EndPoint endPoint, string root);

    [LoggerMessage(2, LogLevel.Debug, "TFTP dropped a malformed datagram from {Peer}: {Reason}")]
    public static partial void Malformed(ILogger logger, EndPoint peer, string reason);

    [LoggerMessage(3, LogLevel.Debug, "TFTP {Peer} repeated its request for {Path} while its transfer runs; ignored")]
    public static partial void DuplicateRequest(ILogger logger, EndPoint peer, string path);

    [LoggerMessage(4, LogLevel.Warning, "TFTP refused {Path} to {Peer}: {MaxTransfers} transfers already running")]
    public static partial void Busy(ILogger logger, EndPoint peer, string path, int maxTransfers);

    [LoggerMessage(5, LogLevel.Information, "TFTP served {Path} to {Peer}: {Bytes} bytes in {Milliseconds} ms (blksize {BlockSize}, windowsize {WindowSize})")]
    public static partial void Served(ILogger logger, EndPoint peer, string path, long bytes, long milliseconds, int blockSize, int windowSize);

    [LoggerMessage(6, LogLevel.Information, "TFTP {Peer} asked for {Path}: {Reason}")]
    public static partial void Refused(ILogger logger, EndPoint peer, string path, string reason);

    [LoggerMessage(7, LogLevel.Warning, "TFTP {Peer} asked for {Path} outside the root: {Reason}")]
    public static partial void OutsideRoot(ILogger logger, EndPoint peer, string path, string reason);

    [LoggerMessage(8, LogLevel.Information, "TFTP gave up on {Path} to {Peer} at block {Block}: no ACK after {Retries} retransmissions")]
    public static partial void GaveUp(ILogger logger, EndPoint peer, string path, long block, int retries);

    [LoggerMessage(9, LogLevel.Debug, "TFTP {Peer} never acknowledged the last block of {Path}; the transfer ends")]
    public static partial void NoFinalAck(ILogger logger, EndPoint peer, string path);

    [LoggerMessage(10, LogLevel.Information, "TFTP {Peer} ended the transfer of {Path}: error {Code} {Message}")]
    public static partial void ClientError(ILogger logger, EndPoint peer, string path, int code, string message);

    [LoggerMessage(11, LogLevel.Debug, "TFTP packet for the transfer of {Path} came from {Peer}, another TID; answered ERROR 5")]
    public static partial void WrongTransferId(ILogger logger, EndPoint peer, string path);

    [LoggerMessage(12, LogLevel.Error, "TFTP transfer of {Path} to {Peer} failed")]
    public static partial void Failed(ILogger logger, Exception exception, EndPoint peer, string path);

    [LoggerMessage(13, LogLevel.Debug, "TFTP socket error on {Peer}: {Error}")]
    public static partial void SocketError(ILogger logger, EndPoint peer, string error);

    [LoggerMessage(14, LogLevel.Debug, "TFTP sends {Path} to {Peer} with UDP segmentation offload, up to {Segments} DATA packets per send")]
    public static partial void SegmentationOffload(ILogger logger, EndPoint peer, string path, int segments);

    [LoggerMessage(15, LogLevel.Debug, "TFTP UDP segmentation offload refused on the path of {Path} to {Peer} ({Error}); one send per packet")]
    public static partial void SegmentationRefused(ILogger logger, EndPoint peer, string path, string error);

    [LoggerMessage(16, LogLevel.Debug, "TFTP UDP segmentation offload (UDP_SEGMENT) unavailable on this kernel ({Error}); windows go out one send per packet")]
    public static partial void SegmentationUnavailable(ILogger logger, string error);

    [LoggerMessage(17, LogLevel.Debug, "TFTP warmed up in {Milliseconds} ms: two transfers to itself over loopback")]
    public static partial void WarmedUp(ILogger logger, long milliseconds);

    [LoggerMessage(18, LogLevel.Debug, "TFTP warm-up failed ({Reason}); the first requests pay for their first calls")]
    public static partial void WarmUpFailed(ILogger logger, string reason);
}
