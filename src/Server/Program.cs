namespace Engine.Server;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("engine: no commands yet");
        return args.Length == 0 ? 0 : 1;
    }
}
