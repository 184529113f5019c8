using System.Net;

namespace PxeXen.Server.Dhcp;

/// <summary>Fixed addresses of registered machines, kept out of the dynamic pools.</summary>
internal interface IReservedAddressSource
{
    ValueTask<IReadOnlyCollection<IPAddress>> ListAsync(CancellationToken cancellationToken);
}
