import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '@ohif-recipes/nginx-dsl';
import { parse as parseYaml } from 'yaml';
import { RecipeError, synth, type ComposeModel } from '../../src/index.js';
import { matchLocation, serverBlock, child } from '../cases.js';
import { variantSuite } from '../variant-suite.js';

variantSuite('nginx-orthanc-keycloak');

const VARIANT = 'nginx-orthanc-keycloak';
const schema = JSON.parse(
  readFileSync(fileURLToPath(new URL('../keycloak-realm.schema.json', import.meta.url)), 'utf8'),
) as object;
const validateRealm = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

interface Realm {
  realm: string;
  roles: { realm: Array<{ name: string }> };
  clients: Array<{
    clientId: string;
    secret: string;
    rootUrl: string;
    baseUrl: string;
    redirectUris: string[];
    webOrigins: string[];
    attributes: Record<string, string>;
  }>;
}

async function recipe(publicUrl: string) {
  const files = await synth({ variant: VARIANT, publicUrl });
  const compose = parseYaml(files.get('docker-compose.yml') as string) as ComposeModel;
  return {
    files,
    compose,
    nginx: parse(files.get('config/nginx.conf') as string),
    realm: JSON.parse(files.get('config/keycloak/ohif-realm.json') as string) as Realm,
    kc: compose.services.keycloak?.environment ?? {},
    proxy: compose.services['oauth2-proxy']?.environment ?? {},
  };
}

/** What each public URL must turn into: written out by hand, not computed. */
const EXPECTED = {
  'https://pacs.example.org/': {
    KC_HOSTNAME: 'https://pacs.example.org/keycloak',
    KC_HTTP_RELATIVE_PATH: '/keycloak',
    issuer: 'https://pacs.example.org/keycloak/realms/ohif',
    login: 'https://pacs.example.org/keycloak/realms/ohif/protocol/openid-connect/auth',
    redeem: 'http://keycloak:8080/keycloak/realms/ohif/protocol/openid-connect/token',
    jwks: 'http://keycloak:8080/keycloak/realms/ohif/protocol/openid-connect/certs',
    redirect: 'https://pacs.example.org/oauth2/callback',
    prefix: '/oauth2',
    cookieDomain: 'pacs.example.org',
    cookiePath: '/',
    cookieSecure: 'true',
    whitelist: 'pacs.example.org',
    root: 'https://pacs.example.org/',
    origin: 'https://pacs.example.org',
    health: '/keycloak/health/ready',
  },
  'https://pacs.example.org:8443/ohif/': {
    KC_HOSTNAME: 'https://pacs.example.org:8443/ohif/keycloak',
    KC_HTTP_RELATIVE_PATH: '/ohif/keycloak',
    issuer: 'https://pacs.example.org:8443/ohif/keycloak/realms/ohif',
    login: 'https://pacs.example.org:8443/ohif/keycloak/realms/ohif/protocol/openid-connect/auth',
    redeem: 'http://keycloak:8080/ohif/keycloak/realms/ohif/protocol/openid-connect/token',
    jwks: 'http://keycloak:8080/ohif/keycloak/realms/ohif/protocol/openid-connect/certs',
    redirect: 'https://pacs.example.org:8443/ohif/oauth2/callback',
    prefix: '/ohif/oauth2',
    cookieDomain: 'pacs.example.org',
    cookiePath: '/ohif/',
    cookieSecure: 'true',
    whitelist: 'pacs.example.org:8443',
    root: 'https://pacs.example.org:8443/ohif/',
    origin: 'https://pacs.example.org:8443',
    health: '/ohif/keycloak/health/ready',
  },
} as const;

describe('nginx-orthanc-keycloak: every URL derived from the one public URL', () => {
  for (const [publicUrl, x] of Object.entries(EXPECTED)) {
    it(`${publicUrl}: Keycloak, oauth2-proxy, the realm and nginx agree`, async () => {
      const r = await recipe(publicUrl);
      expect(r.kc.KC_HOSTNAME).toBe(x.KC_HOSTNAME);
      expect(r.kc.KC_HTTP_RELATIVE_PATH).toBe(x.KC_HTTP_RELATIVE_PATH);
      expect(r.proxy.OAUTH2_PROXY_OIDC_ISSUER_URL).toBe(x.issuer);
      expect(r.proxy.OAUTH2_PROXY_LOGIN_URL).toBe(x.login);
      expect(r.proxy.OAUTH2_PROXY_REDEEM_URL).toBe(x.redeem);
      expect(r.proxy.OAUTH2_PROXY_OIDC_JWKS_URL).toBe(x.jwks);
      expect(r.proxy.OAUTH2_PROXY_REDIRECT_URL).toBe(x.redirect);
      expect(r.proxy.OAUTH2_PROXY_PROXY_PREFIX).toBe(x.prefix);
      expect(r.proxy.OAUTH2_PROXY_COOKIE_DOMAINS).toBe(x.cookieDomain);
      expect(r.proxy.OAUTH2_PROXY_COOKIE_PATH).toBe(x.cookiePath);
      expect(r.proxy.OAUTH2_PROXY_COOKIE_SECURE).toBe(x.cookieSecure);
      expect(r.proxy.OAUTH2_PROXY_WHITELIST_DOMAINS).toBe(x.whitelist);
      expect(r.compose.services.keycloak?.healthcheck?.test.join(' ')).toContain(
        `GET ${x.health} `,
      );

      // The realm Keycloak imports: its client knows the same redirect URI, origin and root.
      expect(r.realm.realm).toBe('ohif');
      const client = r.realm.clients[0];
      expect(client?.clientId).toBe(r.proxy.OAUTH2_PROXY_CLIENT_ID);
      expect(client?.redirectUris).toEqual([x.redirect]);
      expect(client?.webOrigins).toEqual([x.origin]);
      expect(client?.rootUrl).toBe(x.root);
      expect(client?.baseUrl).toBe(x.root);
      expect(client?.attributes['post.logout.redirect.uris']).toBe(x.root);

      // nginx routes the same paths: oauth2-proxy and Keycloak outside auth_request,
      // everything else behind it, and a 401 goes to the sign-in page.
      const server = serverBlock(r.nginx);
      expect(child(server, 'auth_request')?.args).toEqual([`${x.prefix}/auth`]);
      expect(child(server, 'error_page')?.args).toEqual(['401', '=', `${x.prefix}/sign_in`]);
      const callback = matchLocation(r.nginx, new URL(x.redirect).pathname);
      expect(child(callback, 'proxy_pass')?.args).toEqual(['http://oauth2-proxy']);
      expect(child(callback, 'auth_request')?.args).toEqual(['off']);
      const kcPage = matchLocation(r.nginx, `${new URL(x.login).pathname}`);
      expect(child(kcPage, 'proxy_pass')?.args).toEqual(['http://keycloak']);
      expect(child(kcPage, 'auth_request')?.args).toEqual(['off']);
      const auth = matchLocation(r.nginx, `${x.prefix}/auth`);
      expect(auth?.args[0]).toBe('=');
      expect(child(auth, 'internal')).toBeDefined();
      const pacs = matchLocation(r.nginx, `${new URL(x.root).pathname}pacs/dicom-web/studies`);
      expect(child(pacs, 'auth_request')).toBeUndefined(); // inherits the server's check
      // The PACS UI and its REST API need the realm role the realm defines; DICOMweb does not.
      const role = r.realm.roles.realm.map((x: { name: string }) => x.name);
      expect(role).toEqual(['pacs-admin']);
      const admin = matchLocation(r.nginx, `${new URL(x.root).pathname}pacs/system`);
      const adminCheck = child(admin, 'auth_request')?.args[0] as string;
      expect(adminCheck).toBe(`${x.prefix}/auth-pacs-admin`);
      const check = matchLocation(r.nginx, adminCheck);
      expect(check?.args[0]).toBe('=');
      expect(child(check, 'internal')).toBeDefined();
      expect(child(check, 'proxy_pass')?.args).toEqual([
        `http://oauth2-proxy${x.prefix}/auth?allowed_groups=role:pacs-admin`,
      ]);
      expect(child(check, 'auth_request')?.args).toEqual(['off']);
      expect(
        (pacs?.block ?? []).some((d) => d.directive === 'error_page' && d.args[0] === '401'),
      ).toBe(true);
    });
  }

  it('the configuration files name no host but the public one, compose services and loopback (fast-check)', async () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(label, label),
        fc.constantFrom('http', 'https'),
        fc.option(fc.integer({ min: 1024, max: 65535 }), { nil: undefined }),
        fc.constantFrom('/', '/ohif/', '/a/b/'),
        async ([sub, domain], scheme, port, base) => {
          const host = `${sub}.${domain}.test`;
          const publicUrl = `${scheme}://${host}${port ? `:${port}` : ''}${base}`;
          const r = await recipe(publicUrl);
          const allowed = new Set([
            host,
            'keycloak',
            'oauth2-proxy',
            'orthanc',
            'viewer',
            '127.0.0.1',
          ]);
          for (const [path, text] of r.files) {
            if (!path.startsWith('config/') && path !== 'docker-compose.yml') continue;
            for (const m of text.matchAll(/https?:\/\/([a-z0-9.-]+)/g)) {
              const found = m[1] as string;
              if (!allowed.has(found))
                throw new Error(`${path}: ${m[0]} is not derived from ${publicUrl}`);
            }
          }
          expect(r.proxy.OAUTH2_PROXY_REDIRECT_URL).toBe(
            `${scheme}://${host}${port ? `:${port}` : ''}${base}oauth2/callback`,
          );
          expect(r.realm.clients[0]?.redirectUris).toEqual([r.proxy.OAUTH2_PROXY_REDIRECT_URL]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('nginx-orthanc-keycloak: realm import and secrets', () => {
  it('the realm JSON follows the Keycloak realm schema (unknown keys are errors)', async () => {
    for (const publicUrl of Object.keys(EXPECTED)) {
      const { realm } = await recipe(publicUrl);
      expect(validateRealm(realm), JSON.stringify(validateRealm.errors)).toBe(true);
    }
    // The schema does reject a typo.
    const { realm } = await recipe('https://pacs.example.org/');
    const typo = { ...realm, clients: [{ ...realm.clients[0], redirectUri: ['x'] }] };
    expect(validateRealm(typo)).toBe(false);
  });

  it('one client secret from .env reaches both Keycloak (realm placeholder) and oauth2-proxy; no secret in a file', async () => {
    const r = await recipe('https://pacs.example.org/');
    const fromEnv = (name: string) => `\${${name}:?set ${name} in .env (see .env.example)}`;
    expect(r.realm.clients[0]?.secret).toBe('${OIDC_CLIENT_SECRET}');
    expect(r.kc.OIDC_CLIENT_SECRET).toBe(fromEnv('OIDC_CLIENT_SECRET'));
    expect(r.proxy.OAUTH2_PROXY_CLIENT_SECRET).toBe(fromEnv('OIDC_CLIENT_SECRET'));
    expect(r.proxy.OAUTH2_PROXY_COOKIE_SECRET).toBe(fromEnv('OAUTH2_PROXY_COOKIE_SECRET'));
    expect(r.kc.KC_BOOTSTRAP_ADMIN_PASSWORD).toBe(fromEnv('KEYCLOAK_ADMIN_PASSWORD'));
    expect(r.kc.KC_DB_PASSWORD).toBe(fromEnv('KEYCLOAK_DB_PASSWORD'));
    const env = r.files.get('.env.example') as string;
    for (const name of [
      'OIDC_CLIENT_SECRET',
      'OAUTH2_PROXY_COOKIE_SECRET',
      'KEYCLOAK_ADMIN_PASSWORD',
      'KEYCLOAK_DB_PASSWORD',
    ])
      expect(env).toMatch(new RegExp(`^${name}=$`, 'm'));
    expect(r.compose.services.viewer?.depends_on).toEqual({
      orthanc: { condition: 'service_healthy' },
      'oauth2-proxy': { condition: 'service_started' },
      keycloak: { condition: 'service_healthy' },
    });
    expect(r.compose.services.keycloak?.command).toEqual(['start', '--import-realm']);
  });

  it('refuses --auth basic on top of Keycloak, and `up` refuses to run it natively, both with the fix', async () => {
    await expect(synth({ variant: VARIANT, auth: 'basic' })).rejects.toThrow(RecipeError);
    await expect(synth({ variant: VARIANT, auth: 'basic' })).rejects.toThrow(
      /auth: .*basic authentication would ask twice \(fix: drop --auth basic/,
    );
    const bin = fileURLToPath(new URL('../../bin/ohif-recipes.js', import.meta.url));
    const up = spawnSync(process.execPath, [bin, 'up', VARIANT, '--port', '1'], {
      encoding: 'utf8',
    });
    expect(up.status).not.toBe(0);
    expect(up.stderr).toContain('do not run natively; generate the docker recipe instead');
  });
});
