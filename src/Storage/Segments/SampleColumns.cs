using System.Buffers;
using Engine.Storage.Model;

namespace Engine.Storage.Segments;

/// <summary>
/// Time-ordered samples of one series in columns rented from the shared array pools, reused from
/// one chunk to the next: only the first <see cref="Count"/> elements are samples, the arrays are
/// usually longer. What a reader that must not allocate per chunk (the rollup builder) decodes into,
/// where a query gets a fresh <see cref="DecodedBlock"/> of exactly its samples.
/// </summary>
internal sealed class SampleColumns : IDisposable
{
    private long[] _timestamps = [];
    private ulong[] _values = [];
    private string?[] _strings = [];

    // How much of _strings may hold strings: the room asked for at the last reset of a string series.
    private int _stringsDirty;

    public FieldType Type { get; private set; }

    public int Count { get; private set; }

    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    /// <summary>Empties the columns and makes room for <paramref name="capacity"/> samples of <paramref name="type"/>.</summary>
    public void Reset(FieldType type, int capacity)
    {
        ClearStrings();
        Type = type;
        Count = 0;
        if (_timestamps.Length < capacity)
        {
            ReturnArrays();
            _timestamps = ArrayPool<long>.Shared.Rent(capacity);
            _values = ArrayPool<ulong>.Shared.Rent(capacity);
        }

        if (type == FieldType.String && _strings.Length < capacity)
        {
            if (_strings.Length > 0)
            {
                ArrayPool<string?>.Shared.Return(_strings);
            }

            _strings = ArrayPool<string?>.Shared.Rent(capacity);
        }

        _stringsDirty = type == FieldType.String ? capacity : 0;
    }

    /// <summary>Room for the samples after <see cref="Reset"/>: write up to the capacity asked for, then <see cref="SetCount"/>.</summary>
    public Span<long> TimestampSpace => _timestamps;

    public Span<ulong> ValueSpace => _values;

    /// <summary>The strings' room; empty unless the columns were reset for a string series.</summary>
    public Span<string?> StringSpace => Type == FieldType.String ? _strings : [];

    /// <summary>The arrays themselves, for code that works on arrays and a count (the head's sort).</summary>
    public (long[] Timestamps, ulong[] Values, string?[]? Strings) Arrays =>
        (_timestamps, _values, Type == FieldType.String ? _strings : null);

    /// <summary>Appends sample <paramref name="index"/> of <paramref name="run"/>, within the room asked for at the last reset.</summary>
    public void Append(SampleRun run, int index)
    {
        _timestamps[Count] = run.Timestamps[index];
        _values[Count] = run.Values[index];
        if (Type == FieldType.String)
        {
            _strings[Count] = run.Strings[index];
        }

        Count++;
    }

    public void SetCount(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _timestamps.Length);
        Count = count;
    }

    /// <summary>The samples with <paramref name="startNs"/> ≤ time &lt; <paramref name="endNs"/>, as index bounds.</summary>
    public (int From, int To) RangeOf(long startNs, long endNs) =>
        (DecodedBlock.LowerBound(Timestamps, startNs), DecodedBlock.LowerBound(Timestamps, endNs));

    /// <summary>Samples [<paramref name="from"/>, <paramref name="to"/>), as spans over these columns.</summary>
    public SampleRun Run(int from, int to) =>
        new(Type, _timestamps.AsSpan(from..to), _values.AsSpan(from..to), Type == FieldType.String ? _strings.AsSpan(from..to) : []);

    /// <summary>A block of its own holding samples [<paramref name="from"/>, <paramref name="to"/>), for a reader that keeps it.</summary>
    public DecodedBlock CopyToBlock(int from, int to) =>
        new(Type, _timestamps[from..to], _values[from..to], Type == FieldType.String ? _strings[from..to] : []);

    public void Dispose()
    {
        ClearStrings();
        ReturnArrays();
        if (_strings.Length > 0)
        {
            ArrayPool<string?>.Shared.Return(_strings);
            _strings = [];
        }

        Count = 0;
    }

    /// <summary>Pooled arrays must not keep the strings of a read alive.</summary>
    private void ClearStrings()
    {
        Array.Clear(_strings, 0, _stringsDirty);
        _stringsDirty = 0;
    }

    private void ReturnArrays()
    {
        if (_timestamps.Length > 0)
        {
            ArrayPool<long>.Shared.Return(_timestamps);
            ArrayPool<ulong>.Shared.Return(_values);
        }

        _timestamps = [];
        _values = [];
    }
}
