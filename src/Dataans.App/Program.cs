Console.WriteLine("dataans");
