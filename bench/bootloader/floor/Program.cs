using System.Net;
using System.Net.Sockets;

// execve -> first sendto of a managed AOT program: what pxexen-boot's start-up is compared against.
using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
socket.SendTo(new byte[300], new IPEndPoint(IPAddress.Loopback, 9));
