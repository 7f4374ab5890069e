using Engine.Query.Aggregation;
using Engine.Storage.Segments;

namespace Engine.Query.Execution;

/// <summary>Walks the samples of one series in time order across the blocks a read streams.</summary>
internal sealed class SampleCursor : IDisposable
{
    private readonly IEnumerator<DecodedBlock> _blocks;
    private DecodedBlock? _block;
    private int _index;

    public SampleCursor(IEnumerable<DecodedBlock> blocks)
    {
        _blocks = blocks.GetEnumerator();
        NextBlock();
    }

    public bool HasSample => _block is not null;

    public long Time => _block!.Timestamps[_index];

    public object? Value => NumericValue.FromBits(_block!.Type, _block.Values[_index], _block.Type == Storage.Model.FieldType.String ? _block.Strings[_index] : null);

    public void Advance()
    {
        if (++_index >= _block!.Count)
        {
            NextBlock();
        }
    }

    public void Dispose() => _blocks.Dispose();

    private void NextBlock()
    {
        _block = null;
        _index = 0;
        while (_blocks.MoveNext())
        {
            if (_blocks.Current.Count > 0)
            {
                _block = _blocks.Current;
                return;
            }
        }
    }
}
