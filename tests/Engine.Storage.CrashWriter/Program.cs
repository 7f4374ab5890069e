using Engine.Storage;
using Engine.Storage.CrashWriter;

// Writes batches with commit-before-ack until killed, printing "ack N" once batch N is durable.
// The crash test kills this process with SIGKILL at a random moment and checks that every
// acknowledged batch survived.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Engine.Storage.CrashWriter DATA_DIR");
    return 2;
}

var options = new StorageOptions
{
    // Tiny thresholds so that checkpoints, truncations and seals happen while we are killed.
    CheckpointWalBytes = 64 << 10,
    CommitInterval = TimeSpan.FromMilliseconds(5),
};
using var storage = StorageEngine.Open(args[0], options);
Console.Out.WriteLine("ready");
Console.Out.Flush();
for (long batch = 0; ; batch++)
{
    storage.Write(CrashWorkload.Batch(batch), durable: true);
    Console.Out.WriteLine($"ack {batch}");
    Console.Out.Flush();
}
