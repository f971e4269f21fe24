// node-oidc-provider 8.x (a certified OpenID Provider) and a small resource server that
// checks its JWT access tokens with jose, for jwtfix's live flow and probe tests.
//
//   node oidc_provider_app.mjs --rotate on|off
//
// One process, one port on 127.0.0.1 (port 0, printed as `listening on PORT`):
// - the provider at the root (issuer http://127.0.0.1:PORT): discovery, /auth,
//   /token, /token/revocation, /token/introspection, /me (userinfo), /jwks;
//   refresh tokens for `offline_access` (asked with prompt=consent);
//   rotateRefreshToken true (--rotate on) or the library's default (--rotate off:
//   a confidential client's refresh token is rotated only past 70% of its life);
// - resource indicators: every token is for the resource RESOURCE and is a JWT
//   (RS256, 600 s), so the API can check it itself;
// - GET /api/me, the resource server: jose.jwtVerify against the provider's
//   JWKS, issuer and audience; a refusal is 401 with an RFC 6750 challenge.
// oidc-provider has no password grant (RFC 9700 forbids it); tokens come from
// its authorization code flow with PKCE, driven through the development
// interactions (devInteractions: any login name, no password) the way a
// browser would (tests/stack_services.py `oidc_browser_login`).
// The client: OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET (client_secret_basic),
// redirect URI http://127.0.0.1:PORT/cb.
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const rotate = process.argv.includes('--rotate') ? process.argv[process.argv.indexOf('--rotate') + 1] : 'on';
if (!['on', 'off'].includes(rotate)) throw new Error('--rotate on|off');

let handler = (req, res) => { res.statusCode = 503; res.end(); };
const server = http.createServer((req, res) => handler(req, res));
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const { port } = server.address();
const ISSUER = `http://127.0.0.1:${port}`;
const RESOURCE = `${ISSUER}/api`;

const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
const keyParams = { kid: 'stack-key-1', alg: 'RS256', use: 'sig' };
const signingKey = { ...(await jose.exportJWK(privateKey)), ...keyParams };
const JWKS = jose.createLocalJWKSet({ keys: [{ ...(await jose.exportJWK(publicKey)), ...keyParams }] });

const configuration = {
  clients: [{
    client_id: process.env.OAUTH_CLIENT_ID,
    client_secret: process.env.OAUTH_CLIENT_SECRET,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${ISSUER}/cb`],
  }],
  jwks: { keys: [signingKey] },
  cookies: { keys: [process.env.COOKIE_KEY || 'stacks-oidc-cookie-key-0123456789'] },
  pkce: { required: () => true },
  scopes: ['openid', 'offline_access', 'api:read'],
  claims: { openid: ['sub'] },
  async findAccount(ctx, id) {
    return { accountId: id, async claims() { return { sub: id }; } };
  },
  rotateRefreshToken: rotate === 'on' ? true : undefined,
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== RESOURCE) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'api:read',
          audience: RESOURCE,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        };
      },
    },
  },
};
if (configuration.rotateRefreshToken === undefined) delete configuration.rotateRefreshToken;

const provider = new Provider(ISSUER, configuration);
provider.on('server_error', (ctx, err) => { console.error('server_error', err); });
const providerCallback = provider.callback();

function refuse(res, error, description) {
  res.statusCode = 401;
  const parts = ['realm="api"'];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description.replaceAll('"', "'")}"`);
  res.setHeader('WWW-Authenticate', `Bearer ${parts.join(', ')}`);
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(error ? { error, error_description: description } : { error: 'unauthorized' }));
}

async function resourceServer(req, res) {
  if (req.url !== '/api/me' || req.method !== 'GET') {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'application/json');
    res.end('{"error":"not_found"}');
    return;
  }
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization || '');
  if (!match) { refuse(res); return; }
  try {
    const { payload } = await jose.jwtVerify(match[1], JWKS, {
      issuer: ISSUER, audience: RESOURCE, algorithms: ['RS256'], typ: 'at+jwt',
    });
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ sub: payload.sub, scope: payload.scope }));
  } catch (err) {
    refuse(res, 'invalid_token', err.message);
  }
}

handler = (req, res) => {
  if (req.url.startsWith('/api/')) { resourceServer(req, res); return; }
  if (req.url.startsWith('/cb')) { res.end('callback'); return; }
  providerCallback(req, res);
};
console.log(`listening on ${port}`);
process.on('SIGTERM', () => { server.close(); process.exit(0); });
