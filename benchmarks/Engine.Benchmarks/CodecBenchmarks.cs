using System.Buffers;
using BenchmarkDotNet.Attributes;
using Engine.DataGen;
using Engine.Storage.Encoding;

namespace Engine.Benchmarks;

/// <summary>
/// Encode and decode cost per sample of 8192-sample chunks from the generated datasets
/// (fixed seeds, generated once in setup). Each operation handles one chunk; BenchmarkDotNet
/// divides by <see cref="Samples"/>, so results read as ns per sample and bytes allocated per sample.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    // Fixed rather than BytesPerSample.ChunkSamples: a cpu series holds only 8640 samples a day,
    // and a fixed size keeps figures comparable across chunk-limit changes.
    private const int Samples = 8192;

    private readonly ArrayBufferWriter<byte> _writer = new(1 << 20);
    private readonly long[] _longOutput = new long[Samples];
    private readonly double[] _doubleOutput = new double[Samples];

    private long[] _cpuTimestamps = [];
    private double[] _cpuValues = [];
    private long[] _appTimestamps = [];
    private double[] _appLatencies = [];
    private Encoded _cpuTimestampsEncoded;
    private Encoded _cpuValuesEncoded;
    private Encoded _appTimestampsEncoded;
    private Encoded _appLatenciesEncoded;

    [GlobalSetup]
    public void Setup()
    {
        var (timestamps, values) = new CpuDataset(new DatasetOptions { Sources = 1 }).GenerateColumns();
        _cpuTimestamps = timestamps[..Samples];
        _cpuValues = values[0][..Samples];
        var app = new AppDataset(new DatasetOptions { Sources = 1 }).GenerateSeries(0);
        _appTimestamps = app.Timestamps[..Samples];
        _appLatencies = app.LatencyMs[..Samples];

        _cpuTimestampsEncoded = Encode(w => TimestampCodec.Encode(_cpuTimestamps, w));
        _cpuValuesEncoded = Encode(w => FloatCodec.Encode(_cpuValues, w));
        _appTimestampsEncoded = Encode(w => TimestampCodec.Encode(_appTimestamps, w));
        _appLatenciesEncoded = Encode(w => FloatCodec.Encode(_appLatencies, w));
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public ColumnEncoding EncodeCpuTimestamps()
    {
        _writer.ResetWrittenCount();
        return TimestampCodec.Encode(_cpuTimestamps, _writer);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void DecodeCpuTimestamps() => TimestampCodec.Decode(_cpuTimestampsEncoded.Encoding, _cpuTimestampsEncoded.Bytes, _longOutput);

    [Benchmark(OperationsPerInvoke = Samples)]
    public ColumnEncoding EncodeAppTimestamps()
    {
        _writer.ResetWrittenCount();
        return TimestampCodec.Encode(_appTimestamps, _writer);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void DecodeAppTimestamps() => TimestampCodec.Decode(_appTimestampsEncoded.Encoding, _appTimestampsEncoded.Bytes, _longOutput);

    [Benchmark(OperationsPerInvoke = Samples)]
    public ColumnEncoding EncodeCpuFloats()
    {
        _writer.ResetWrittenCount();
        return FloatCodec.Encode(_cpuValues, _writer);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void DecodeCpuFloats() => FloatCodec.Decode(_cpuValuesEncoded.Encoding, _cpuValuesEncoded.Bytes, _doubleOutput);

    [Benchmark(OperationsPerInvoke = Samples)]
    public ColumnEncoding EncodeAppLatencies()
    {
        _writer.ResetWrittenCount();
        return FloatCodec.Encode(_appLatencies, _writer);
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public void DecodeAppLatencies() => FloatCodec.Decode(_appLatenciesEncoded.Encoding, _appLatenciesEncoded.Bytes, _doubleOutput);

    private static Encoded Encode(Func<IBufferWriter<byte>, ColumnEncoding> encode)
    {
        var writer = new ArrayBufferWriter<byte>();
        var encoding = encode(writer);
        return new Encoded(encoding, writer.WrittenSpan.ToArray());
    }

    private readonly record struct Encoded(ColumnEncoding Encoding, byte[] Bytes);
}
