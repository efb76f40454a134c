// A real OpenID provider (oidc-provider) for the sign-in tests, on 127.0.0.1 only.
// One public native client (no secret, PKCE required, loopback redirect on any port, RFC 8252),
// refresh tokens, and JWT access tokens for one resource (RFC 8707) whose audience the sync server
// checks. The development login and consent pages accept any user name; the password is ignored.
//
//   node provider.mjs --port PORT [--client-id ID] [--resource URI] [--audience AUD]
//                     [--access-token-ttl SECONDS] [--scope SCOPE]
//
// Prints "listening on http://127.0.0.1:PORT" once it accepts requests.
import Provider from 'oidc-provider';

const args = new Map();
for (let i = 2; i + 1 < process.argv.length; i += 2) {
  args.set(process.argv[i].replace(/^--/, ''), process.argv[i + 1]);
}

const port = Number(args.get('port') ?? 0);
const issuer = `http://127.0.0.1:${port}`;
const clientId = args.get('client-id') ?? 'dataans-app';
const resource = args.get('resource') ?? 'urn:dataans:sync';
const audience = args.get('audience') ?? 'dataans';
const accessTokenTtl = Number(args.get('access-token-ttl') ?? 3600);
const resourceScope = args.get('scope') ?? 'sync';

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
  }],
  findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
  // Refresh tokens for every sign-in of the native client, also without offline_access + prompt=consent.
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: accessTokenTtl, RefreshToken: 14 * 24 * 3600 },
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async () => resource,
      useGrantedResource: async () => true,
      getResourceServerInfo: async (_ctx, indicator) => {
        if (indicator !== resource) {
          throw new Provider.errors.InvalidTarget();
        }

        return { scope: resourceScope, audience, accessTokenFormat: 'jwt', accessTokenTTL: accessTokenTtl, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
provider.proxy = false;

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`listening on ${issuer}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
