namespace Engine.DataGen;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.Error.WriteLine("usage: datagen cpu|app [options] > file.lp");
        return args.Length == 0 ? 0 : 1;
    }
}
