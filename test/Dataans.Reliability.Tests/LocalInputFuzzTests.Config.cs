using Dataans.App.Cli;
using Dataans.App.Ui.Config;
using Dataans.Reliability.Tests.Infrastructure;
using Dataans.Server;
using Dataans.Server.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dataans.Reliability.Tests;

public sealed partial class LocalInputFuzzTests
{
    [Fact]
    public async Task ServerConfiguration_HostileSwitches_StartOrGiveOneClearSentence()
    {
        var random = new Random(Seed + 2);
        var cases = Cases(1_500);
        var dataDir = Directory.CreateTempSubdirectory("dataans-fuzz-server-").FullName;
        var (valid, refused) = (0, 0);
        var problems = new List<string>();
        try
        {
            for (var i = 0; i < cases; i++)
            {
                // No file watchers: thousands of hosts would use up the inotify instances of the machine.
                string[] args = [.. ConfigMutator.ServerArgs(random), "--data-dir", dataDir, "--hostBuilder:reloadConfigOnChange=false"];
                WebApplication? app = null;
                try
                {
                    // What Program does before it listens: build, then validate every options section.
                    app = SyncServerHost.Build(args);
                    app.Services.GetRequiredService<IStartupValidator>().Validate();
                    valid++;
                }
                catch (Exception exception)
                {
                    refused++;
                    var message = StartupErrors.Describe(exception);
                    Check(problems, i, $"{string.Join(' ', args)} → {exception.GetType().Name}: {exception.Message}", message is not null && IsClear(message), "no clear one-line error");
                }
                finally
                {
                    if (app is not null)
                    {
                        await app.DisposeAsync();
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }

        Figures.Record("fuzz", "server configuration cases", cases);
        Figures.Record("fuzz", "server configuration cases refused", refused);
        Figures.Record("fuzz", "server configuration unclear errors", problems.Count);
        Assert.True(problems.Count == 0, $"{problems.Count} bad outcomes, e.g.:\n{string.Join('\n', problems.Take(15))}");
        Assert.True(valid > cases / 20 && refused > cases / 5, $"valid {valid}, refused {refused}: the mutations miss one of the paths");
    }

    [Fact]
    public async Task ServerProcess_InvalidSwitchAndVariable_ExitsWithCodeTwoAndOneLine()
    {
        string[][] commandLines = [["--max-json-bytes", "lots"], ["--auth", "bogus", "--operations-store", "bogus"], ["--s3-path-style", "maybe", "--files-store", "s3"]];
        foreach (var args in commandLines)
        {
            var result = await ServerExecutable.RunAsync(args, environment: new Dictionary<string, string>
            {
                ["DATAANS_SERVER_LIMITS__MAXOPSPERPUSH"] = "-5",
                ["DATAANS_SERVER_STORAGE__DATADIR"] = Path.Combine(Path.GetTempPath(), "dataans-fuzz-never-created"),
            }, timeout: TimeSpan.FromSeconds(60));
            var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(result.Code == 2 && lines.Length == 1 && lines[0].StartsWith("dataans-server: ", StringComparison.Ordinal), $"{string.Join(' ', args)}: exit {result.Code}, stderr:\n{string.Join('\n', lines.Take(5))}");
        }
    }

    [Fact]
    public void AppConfig_MutatedConfigAndTheme_ReadWithWarningsNeverThrow()
    {
        var random = new Random(Seed + 3);
        var cases = Cases(3_000);
        var problems = new List<string>();
        var warned = 0;
        for (var i = 0; i < cases; i++)
        {
            var config = ConfigMutator.Toml(random, DefaultConfigFiles.ConfigToml);
            var theme = ConfigMutator.Toml(random, DefaultConfigFiles.DarkThemeToml);
            var readTheme = random.Next(10) switch
            {
                0 => (Func<string, string?>)(_ => null),
                1 => _ => throw new IOException("The disk is gone."),
                _ => _ => theme,
            };
            var warnings = new List<string>();
            try
            {
                var result = ConfigReader.Read(config, readTheme, warnings);
                warned += warnings.Count > 0 ? 1 : 0;
                Check(problems, i, string.Join(" / ", warnings.Where(warning => !IsClear(warning))), warnings.TrueForAll(IsClear), "unclear warning");
                Check(problems, i, $"port {result.Port}", result.Port is >= 0 and <= 65535, "port out of range");
            }
            catch (Exception exception)
            {
                problems.Add($"case {i}: unexpected {exception.GetType().Name}: {FirstLine(exception.Message)}");
            }
        }

        Figures.Record("fuzz", "app config cases", cases);
        Figures.Record("fuzz", "app config unexpected exceptions or unclear warnings", problems.Count);
        Assert.True(problems.Count == 0, $"{problems.Count} bad outcomes, e.g.:\n{string.Join('\n', problems.Take(15))}");
        Assert.True(warned > cases / 2 && warned < cases, $"{warned} of {cases} cases warned: the mutations miss one of the paths");
    }

    [Fact]
    public void AppCommandLine_HostileArguments_ParseOrGiveUsageErrorsOfOneLine()
    {
        var random = new Random(Seed + 4);
        var cases = Cases(3_000);
        var problems = new List<string>();
        var usageErrors = 0;
        for (var i = 0; i < cases; i++)
        {
            var args = ConfigMutator.CliArgs(random);
            try
            {
                // Parse only (nothing runs): what `dataans` prints before it exits with the usage code.
                var parseResult = DataansCli.BuildRootCommand(new CliContext(new CliEnvironment(TextReader.Null, TextWriter.Null, TextWriter.Null))).Parse(args);
                if (parseResult.Errors.Count > 0)
                {
                    usageErrors++;
                    using var error = new StringWriter();
                    var code = CliErrors.ReportUsage(parseResult, error);
                    var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    Check(problems, i, string.Join(" / ", lines), code != 0 && Array.TrueForAll(lines, IsClear), "unclear usage error");
                }
            }
            catch (Exception exception)
            {
                problems.Add($"case {i}: {string.Join(' ', args)} → unexpected {exception.GetType().Name}: {FirstLine(exception.Message)}");
            }
        }

        Figures.Record("fuzz", "app command-line cases", cases);
        Figures.Record("fuzz", "app command-line unexpected exceptions or unclear errors", problems.Count);
        Assert.True(problems.Count == 0, $"{problems.Count} bad outcomes, e.g.:\n{string.Join('\n', problems.Take(15))}");
        Assert.True(usageErrors > cases / 4 && usageErrors < cases, $"{usageErrors} of {cases} command lines were refused: the mutations miss one of the paths");
    }
}
