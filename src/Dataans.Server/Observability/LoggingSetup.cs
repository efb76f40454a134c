using Microsoft.Extensions.Logging.Console;

namespace Dataans.Server.Observability;

/// <summary>Console logs a self-hoster can read: UTC timestamps on every line, in the simple and the JSON format.</summary>
internal static class LoggingSetup
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    public static WebApplicationBuilder AddSyncLogging(this WebApplicationBuilder builder)
    {
        // The host logs a start-up failure with its stack trace; Program prints it as one sentence instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        // The authentication base class repeats each failure; ours says it once, with the client's address.
        builder.Logging.AddFilter("Dataans.Server.Auth.TokenAuthenticationHandler", LogLevel.Warning);

        // After the configuration's own settings (Logging:Console:FormatterOptions), which may change them.
        // Without a formatter name the console logger copies its legacy options over the formatter's.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(options => options.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.PostConfigure<SimpleConsoleFormatterOptions>(options =>
        {
            if (options.TimestampFormat is null)
            {
                options.TimestampFormat = TimestampFormat;
                options.UseUtcTimestamp = true;
            }
        });
        builder.Services.PostConfigure<JsonConsoleFormatterOptions>(options =>
        {
            if (options.TimestampFormat is null)
            {
                options.TimestampFormat = TimestampFormat.TrimEnd();
                options.UseUtcTimestamp = true;
            }
        });
        return builder;
    }
}
