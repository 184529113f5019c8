using System.Collections;

namespace PxeXen.Protocol.Dhcp;

/// <summary>
/// The options of one message in wire order (first appearance), each code once: instances a
/// sender split (RFC 3396) are joined on read and split again on write. Typed accessors live in
/// the partial <c>DhcpOptions.Typed.cs</c>.
/// </summary>
public sealed partial class DhcpOptions : IReadOnlyList<DhcpOption>
{
    private readonly List<DhcpOption> _items = new(16);

    public int Count => _items.Count;

    public DhcpOption this[int index] => _items[index];

    public bool Contains(byte code) => IndexOf(code) >= 0;

    public bool TryGet(byte code, out ReadOnlyMemory<byte> data)
    {
        var i = IndexOf(code);
        data = i >= 0 ? _items[i].Data : default;
        return i >= 0;
    }

    /// <summary>The option's data, or an empty span when it is absent.</summary>
    public ReadOnlySpan<byte> Get(byte code)
    {
        var i = IndexOf(code);
        return i >= 0 ? _items[i].Data.Span : default;
    }

    /// <summary>Replaces the option in place (keeping its position) or appends it.</summary>
    public void Set(byte code, ReadOnlyMemory<byte> data)
    {
        if (code is DhcpOptionCode.Pad or DhcpOptionCode.End)
            throw new ArgumentOutOfRangeException(nameof(code), "pad and end are not options with data");
        var i = IndexOf(code);
        if (i >= 0)
            _items[i] = new DhcpOption(code, data);
        else
            _items.Add(new DhcpOption(code, data));
    }

    /// <summary>RFC 3396 §5: a repeated code continues the earlier instance, so its data is appended.</summary>
    internal void Append(byte code, ReadOnlyMemory<byte> data)
    {
        var i = IndexOf(code);
        if (i < 0)
        {
            _items.Add(new DhcpOption(code, data));
            return;
        }
        var joined = new byte[_items[i].Data.Length + data.Length];
        _items[i].Data.CopyTo(joined);
        data.CopyTo(joined.AsMemory(_items[i].Data.Length));
        _items[i] = new DhcpOption(code, joined);
    }

    public bool Remove(byte code)
    {
        var i = IndexOf(code);
        if (i >= 0)
            _items.RemoveAt(i);
        return i >= 0;
    }

    public void Clear() => _items.Clear();

    public List<DhcpOption>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<DhcpOption> IEnumerable<DhcpOption>.GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private int IndexOf(byte code)
    {
        var items = _items;
        for (var i = 0; i < items.Count; i++)
            if (items[i].Code == code)
                return i;
        return -1;
    }
}
