// A real OpenID Connect provider for the single sign-on tests: the certified
// `oidc-provider` package (npm), with its own development login and consent pages.
//
//   node provider.mjs --port 9000 --accounts people.json \
//        --client-id partnerfolio --client-secret s3cret --redirect-uri http://…/callback/ \
//        --post-logout-redirect-uri http://…/accounts/login/ \
//        [--extra-client sibling-app] [--extra-client short-lived:1]
//
// people.json maps a login to its claims ({"ana": {"email": …, "email_verified": true,
// "groups": ["pf-managers"]}}); it is read again at every look-up, so a test changes a
// person's groups between two sign-ins by rewriting the file. The dev login page takes
// any password. PKCE is required of every client. RP-initiated logout (on by default in
// v8) shows its confirmation page, then sends the browser to the post-logout redirect
// URI. Each --extra-client ID[:SECONDS] is another application of the same company,
// with the same secret and URIs, whose ID tokens live SECONDS (default an hour): the tests
// take their genuine tokens to Partnerfolio, which must refuse them (another audience,
// expired). Prints "ready ISSUER" when listening.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    accounts: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string' },
    'post-logout-redirect-uri': { type: 'string' },
    'extra-client': { type: 'string', multiple: true, default: [] },
  },
});
const port = Number(options.port);
const issuer = `http://127.0.0.1:${port}`;

function people() {
  return JSON.parse(readFileSync(options.accounts, 'utf8'));
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const lifetimes = new Map(); // client id -> seconds its ID tokens live
function client(id) {
  return {
    client_id: id,
    client_secret: options['client-secret'],
    redirect_uris: [options['redirect-uri']],
    post_logout_redirect_uris: [options['post-logout-redirect-uri']],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  };
}
const extra = options['extra-client'].map((spec) => {
  const [id, seconds] = spec.split(':');
  lifetimes.set(id, Number(seconds || 3600));
  return client(id);
});

const provider = new Provider(issuer, {
  clients: [client(options['client-id']), ...extra],
  ttl: {
    IdToken: (ctx, token, who) => lifetimes.get(who.clientId) ?? 3600,
  },
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'groups'],
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    const person = people()[sub];
    if (!person) return undefined;
    return {
      accountId: sub,
      async claims() {
        // read again here: the groups as they are now, not as at the login
        const now = people()[sub] || {};
        return { sub, preferred_username: sub, ...now };
      },
    };
  },
});
provider.proxy = false;

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
