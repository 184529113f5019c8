using System.Diagnostics;
using System.Text;

namespace PxeXen.EndToEnd.Tests.Firmware;

/// <summary>
/// A QEMU virtual machine (TCG: KVM is not available in CI) that netboots from a tap on a
/// <see cref="BootNetwork"/>. Its serial console goes to a file the test reads; it has no disk, so
/// everything it runs came over the network. Killed when disposed.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _qemuOutput = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private QemuMachine(Process process, string serialLog, string mac)
    {
        _process = process;
        SerialLog = serialLog;
        Mac = mac;
    }

    public string Mac { get; }
    public string SerialLog { get; }
    public TimeSpan Elapsed => _clock.Elapsed;
    public bool HasExited => _process.HasExited;

    /// <summary>What the serial console printed so far.</summary>
    public string Serial
    {
        get
        {
            try
            {
                using var stream = new FileStream(SerialLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                return reader.ReadToEnd();
            }
            catch (FileNotFoundException)
            {
                return "";
            }
        }
    }

    /// <summary>Powers on a machine whose only boot device is its NIC.</summary>
    /// <param name="mac">The NIC's MAC, lower case with colons.</param>
    public static async Task<QemuMachine> StartAsync(BootNetwork network, FirmwareKind firmware, string mac, string serialLog)
    {
        var qemu = FirmwareFiles.Qemu;
        var tap = await network.AddTapAsync();
        var arguments = new List<string>
        {
            "netns", "exec", network.Namespace, qemu,
            "-machine", "pc,accel=tcg", "-m", "512", "-smp", "1",
            "-display", "none", "-vga", "none", "-monitor", "none", "-no-reboot",
            "-serial", $"file:{serialLog}",
            "-netdev", $"tap,id=n0,ifname={tap},script=no,downscript=no",
        };
        if (firmware == FirmwareKind.Bios)
        {
            arguments.AddRange(["-device", $"e1000,netdev=n0,mac={mac},romfile={FirmwareFiles.E1000Rom},bootindex=1"]);
        }
        else
        {
            // romfile= (empty): no iPXE EFI ROM on the NIC, so OVMF's own VirtioNetDxe + PXE base
            // code does DHCP and TFTP (the tsize probe, ERROR 8, then blksize/windowsize).
            arguments.AddRange(["-bios", FirmwareFiles.Ovmf, "-device", $"virtio-net-pci,netdev=n0,mac={mac},romfile=,bootindex=1"]);
        }

        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var machine = new QemuMachine(process, serialLog, mac);
        process.OutputDataReceived += (_, e) => machine.AppendQemuOutput(e.Data);
        process.ErrorDataReceived += (_, e) => machine.AppendQemuOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return machine;
    }

    /// <summary>
    /// Waits for the fixture's marker on the serial console. Fails with the console's tail when
    /// QEMU stops without it or the timeout passes.
    /// </summary>
    public async Task<BootMarker> WaitForMarkerAsync(TimeSpan timeout, Func<string>? diagnostics = null, CancellationToken cancellationToken = default)
    {
        await WaitForSerialAsync(BootMarker.Prefix, timeout, diagnostics, cancellationToken);
        // The marker line may still be in flight when the prefix shows up.
        for (var i = 0; i < 40; i++)
        {
            var serial = Serial;
            var marker = BootMarker.Find(serial);
            if (marker is not null && serial[serial.IndexOf(BootMarker.Prefix, StringComparison.Ordinal)..].Contains('\n'))
                return marker;
            await Task.Delay(50, cancellationToken);
        }
        return BootMarker.Find(Serial) ?? throw new InvalidOperationException("marker line unreadable:\n" + Tail());
    }

    /// <summary>Waits until the serial console shows <paramref name="text"/>.</summary>
    public async Task WaitForSerialAsync(string text, TimeSpan timeout, Func<string>? diagnostics = null, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (Serial.Contains(text, StringComparison.Ordinal))
                return;
            if (_process.HasExited)
            {
                await Task.Delay(200, cancellationToken); // the serial file may lag the exit by a write
                if (Serial.Contains(text, StringComparison.Ordinal))
                    return;
                Assert.Fail($"QEMU exited ({_process.ExitCode}) after {Elapsed.TotalSeconds:F0} s without '{text}'.\n{Report(diagnostics)}");
            }
            if (deadline.Elapsed > timeout)
                Assert.Fail($"no '{text}' on the serial console within {timeout.TotalSeconds:F0} s.\n{Report(diagnostics)}");
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Waits for QEMU to stop by itself (the fixture powers off after its marker).</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string Tail(int chars = 4000)
    {
        var serial = Serial;
        return serial.Length <= chars ? serial : serial[^chars..];
    }

    private string Report(Func<string>? diagnostics)
    {
        string qemuOutput;
        lock (_qemuOutput)
            qemuOutput = _qemuOutput.ToString();
        return $"--- serial console (tail)\n{Tail()}\n--- qemu\n{qemuOutput}" +
               (diagnostics is null ? "" : $"\n--- server\n{diagnostics()}");
    }

    private void AppendQemuOutput(string? line)
    {
        if (line is null)
            return;
        lock (_qemuOutput)
            _qemuOutput.AppendLine(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
