using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dataans.Reliability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Dataans.Reliability.Tests.Access;

/// <summary>
/// Issue 7, item 5 "who gets in": every route of the running server, in token, cloudflare and oidc
/// mode, answers 401 to every missing, malformed, misplaced, revoked or forged credential (never a
/// success, never a 5xx, never the user's data in the body) and lets the valid credential through.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class CredentialMatrixTests(AccessServers servers, ITestOutputHelper output)
{
    [Fact]
    public void EveryEndpoint_IsInTheMatrixOrJustifiedAnonymous()
    {
        foreach (var server in servers.All)
        {
            var catalog = RouteCatalog.Read(server.Server.App);
            var keys = catalog.Keys.ToList();
            var unclassified = keys.Select(k => k.ToString())
                .Where(k => !RouteRequests.Authenticated.ContainsKey(k) && !RouteRequests.Anonymous.ContainsKey(k)).ToList();
            Assert.True(unclassified.Count == 0, $"{server}: endpoints in neither the matrix nor the anonymous list: {string.Join(", ", unclassified)}");
            var gone = RouteRequests.Authenticated.Keys.Concat(RouteRequests.Anonymous.Keys).Except(keys.Select(k => k.ToString())).ToList();
            Assert.True(gone.Count == 0, $"{server}: listed routes the server does not have: {string.Join(", ", gone)}");

            // The metadata agrees with the lists: anonymous routes opt out, every other route demands a user.
            foreach (var key in keys)
            {
                var anonymous = RouteRequests.Anonymous.ContainsKey(key.ToString());
                Assert.True(anonymous ? catalog.IsAnonymous(key) : catalog.RequiresAuthorization(key), $"{server}: {key} metadata");
            }
        }
    }

    [Fact]
    public async Task EveryRoute_RefusesEveryBadCredential_AndAdmitsTheValidOne()
    {
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        int checkedCount = 0, unexpectedGrants = 0, routes = 0;
        foreach (var server in servers.All)
        {
            var (valid, secret) = await server.SignInAsync("matrix");
            using var owner = server.Client(valid);
            var data = await UserData.CreateAsync(owner, $"matrix-{server}");
            var bad = await BadCredentials.ForAsync(server, servers.Stranger, "matrix", secret);
            foreach (var (key, request) in RouteRequests.InSendingOrder)
            {
                routes++;
                foreach (var credential in bad)
                {
                    using var client = server.Client(credential);
                    var (status, body) = await SendAsync(client, request(data));
                    checkedCount++;
                    if (status != 401)
                    {
                        unexpectedGrants++;
                    }

                    if (Refusal(status, body, data) is { } problem)
                    {
                        failures.Add($"{server} {key} [{credential.Name}]: {problem}");
                    }
                }

                var (ownStatus, ownBody) = await SendAsync(owner, request(data));
                if (!RouteRequests.IsOwnersSuccess(key, server.Mode, ownStatus))
                {
                    failures.Add($"{server} {key} [valid]: {ownStatus} {ownBody}");
                }
            }

            foreach (var key in RouteRequests.Anonymous.Keys)
            {
                using var anonymous = server.Client(Credential.None);
                var (status, body) = await SendAsync(anonymous, RouteRequests.AnonymousRequest(key));
                if (status != 200 || data.Leaks(body).Count > 0)
                {
                    failures.Add($"{server} {key} [anonymous]: {status}, leaks {string.Join(", ", data.Leaks(body))}");
                }
            }

            output.WriteLine($"{server}: {RouteRequests.Authenticated.Count} routes x {bad.Count} bad credentials");
        }

        output.WriteLine($"{checkedCount} refusals checked over {routes} route-modes in {clock.Elapsed.TotalSeconds:F1} s");
        Figures.Record("access", "routes × modes × credentials checked", checkedCount);
        Figures.Record("access", "unexpected grants", unexpectedGrants);
        Figures.Record("access", "credential matrix duration", clock.Elapsed.TotalSeconds, "s");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(0, unexpectedGrants);
    }

    /// <summary>Why a refusal is wrong, or null: it must be a bare 401 or a 401 problem, carrying none of the user's data.</summary>
    private static string? Refusal(int status, string body, UserData data)
    {
        if (status != 401)
        {
            return $"status {status} (expected 401): {Truncate(body)}";
        }

        if (data.Leaks(body) is { Count: > 0 } leaks)
        {
            return $"the 401 body carries the user's data: {string.Join(", ", leaks)}";
        }

        if (body.Length > 0)
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.GetProperty("status").GetInt32() != 401)
            {
                return $"the body is not a 401 problem: {Truncate(body)}";
            }
        }

        return null;
    }

    /// <summary>Sends and reads the body, except for an open event stream (only its headers are read).</summary>
    internal static async Task<(int Status, string Body)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/event-stream")
            {
                return (200, "");
            }

            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
