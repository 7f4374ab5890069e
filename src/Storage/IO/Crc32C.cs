using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Engine.Storage.IO;

/// <summary>
/// CRC-32C (Castagnoli), the checksum over every chunk, footer and catalog record. Uses the CPU's
/// CRC instruction through <see cref="BitOperations.Crc32C(uint, ulong)"/>, eight bytes a step.
/// </summary>
public static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running state before any byte; pass it to <see cref="Append"/>.</summary>
    public const uint Start = 0xFFFF_FFFF;

    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            state = BitOperations.Crc32C(state, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            state = BitOperations.Crc32C(state, b);
        }

        return state;
    }

    public static uint Finish(uint state) => ~state;
}
