using Engine.Storage.Encoding;

namespace Engine.Storage.Tests.Encoding;

/// <summary>Prior tables are part of the file format: derived the same everywhere, always valid.</summary>
public class RansPriorTests
{
    [Fact]
    public void Every_prior_table_that_fits_sums_to_its_scale_and_covers_its_symbols()
    {
        var frequencies = new int[ResidualSymbols.Count];
        for (var scaleBits = RansTable.MinScaleBits; scaleBits <= RansTable.MaxScaleBits; scaleBits++)
        {
            foreach (var symbolCount in new[] { 1, 2, 16, 40, 100, 256 })
            {
                for (var index = 0; index < RansPrior.ScaleIndexCount; index++)
                {
                    if (!RansPrior.TryFill(index, symbolCount, scaleBits, frequencies))
                        continue;
                    Assert.Equal(1 << scaleBits, frequencies.Sum());
                    Assert.All(frequencies.Take(symbolCount), f => Assert.True(f >= 1));
                    Assert.All(frequencies.Skip(symbolCount), f => Assert.Equal(0, f));
                }
            }
        }
    }

    [Fact]
    public void Prior_tables_match_their_persisted_values()
    {
        // A checksum over many tables: any change to how priors are derived changes decoding
        // of stored columns, so it must show up here (and needs a new format version).
        var frequencies = new int[ResidualSymbols.Count];
        ulong checksum = 0;
        for (var index = 0; index < RansPrior.ScaleIndexCount; index++)
        {
            if (!RansPrior.TryFill(index, 60, 12, frequencies))
                continue;
            foreach (var f in frequencies)
                checksum = unchecked((checksum * 1_000_003) + (ulong)f);
        }

        Assert.Equal(GoldenChecksum, checksum);
    }

    private const ulong GoldenChecksum = 10358768713713507732;
}
