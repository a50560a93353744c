import { bashHttpCheck, postgresService, required } from '../model/compose-service.js';
import { CLIENT_SECRET_ENV, keycloakRealm } from './keycloak-realm.js';
import { KEYCLOAK_INTERNAL, OAUTH2_PROXY_INTERNAL, type OidcUrls } from '../model/oidc.js';
import type { CoreModel } from '../model/route-model.js';
import type { GateModule } from './types.js';

const REALM_FILE = 'config/keycloak/ohif-realm.json';

function urlsOf(model: CoreModel): OidcUrls {
  if (!model.gate) throw new Error('keycloak gate without OIDC URLs in the route model');
  return model.gate.urls;
}

/** oauth2-proxy in nginx auth_request mode against Keycloak, all settings from the public URL. */
function oauth2ProxyEnvironment(u: OidcUrls): Record<string, string> {
  return {
    OAUTH2_PROXY_PROVIDER: 'keycloak-oidc',
    OAUTH2_PROXY_PROVIDER_DISPLAY_NAME: 'Keycloak',
    OAUTH2_PROXY_CLIENT_ID: u.clientId,
    OAUTH2_PROXY_CLIENT_SECRET: required(CLIENT_SECRET_ENV),
    OAUTH2_PROXY_COOKIE_SECRET: required('OAUTH2_PROXY_COOKIE_SECRET'),
    OAUTH2_PROXY_OIDC_ISSUER_URL: u.issuer,
    // Discovery would fetch the public URL from inside the container (a hairpin through
    // the host); the browser-facing and internal endpoints are given instead.
    OAUTH2_PROXY_SKIP_OIDC_DISCOVERY: 'true',
    OAUTH2_PROXY_LOGIN_URL: u.loginUrl,
    OAUTH2_PROXY_REDEEM_URL: u.redeemUrl,
    OAUTH2_PROXY_OIDC_JWKS_URL: u.jwksUrl,
    OAUTH2_PROXY_REDIRECT_URL: u.redirectUrl,
    OAUTH2_PROXY_PROXY_PREFIX: u.proxyPrefix,
    OAUTH2_PROXY_COOKIE_DOMAINS: u.cookieDomain,
    OAUTH2_PROXY_COOKIE_PATH: u.cookiePath,
    OAUTH2_PROXY_COOKIE_SECURE: String(u.cookieSecure),
    OAUTH2_PROXY_COOKIE_SAMESITE: 'lax',
    OAUTH2_PROXY_WHITELIST_DOMAINS: u.whitelistDomain,
    OAUTH2_PROXY_EMAIL_DOMAINS: '*',
    OAUTH2_PROXY_CODE_CHALLENGE_METHOD: 'S256',
    OAUTH2_PROXY_UPSTREAMS: 'static://202',
    OAUTH2_PROXY_HTTP_ADDRESS: `0.0.0.0:${OAUTH2_PROXY_INTERNAL.port}`,
    OAUTH2_PROXY_REVERSE_PROXY: 'true',
    OAUTH2_PROXY_SET_XAUTHREQUEST: 'true',
    OAUTH2_PROXY_SKIP_PROVIDER_BUTTON: 'true',
  };
}

/** Keycloak 26 (Quarkus) behind nginx: full-URL hostname, same path inside and out, its own PostgreSQL. */
function keycloakEnvironment(u: OidcUrls): Record<string, string> {
  return {
    KC_DB: 'postgres',
    KC_DB_URL: 'jdbc:postgresql://keycloak-db:5432/keycloak',
    KC_DB_USERNAME: 'keycloak',
    KC_DB_PASSWORD: required('KEYCLOAK_DB_PASSWORD'),
    KC_HOSTNAME: u.keycloakUrl,
    // oauth2-proxy redeems codes at http://keycloak:8080 while tokens keep the public issuer.
    KC_HOSTNAME_BACKCHANNEL_DYNAMIC: 'true',
    KC_HTTP_ENABLED: 'true',
    KC_HTTP_RELATIVE_PATH: u.keycloakPath,
    KC_PROXY_HEADERS: 'xforwarded',
    KC_HEALTH_ENABLED: 'true',
    KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    KC_BOOTSTRAP_ADMIN_PASSWORD: required('KEYCLOAK_ADMIN_PASSWORD'),
    [CLIENT_SECRET_ENV]: required(CLIENT_SECRET_ENV),
  };
}

export const keycloakGate: GateModule = {
  kind: 'oidc',
  description: 'Keycloak sign-in (oauth2-proxy) in front of viewer and PACS',
  upstreams: () => [
    { name: 'oauth2-proxy', servers: [OAUTH2_PROXY_INTERNAL] },
    { name: 'keycloak', servers: [KEYCLOAK_INTERNAL] },
  ],
  dependsOn: { 'oauth2-proxy': 'service_started', keycloak: 'service_healthy' },
  volumes: ['keycloak-db'],
  secrets: [
    {
      name: CLIENT_SECRET_ENV,
      description: "secret of Keycloak's ohif-viewer client, shared by Keycloak and oauth2-proxy",
    },
    {
      name: 'OAUTH2_PROXY_COOKIE_SECRET',
      description:
        "oauth2-proxy's cookie encryption key: exactly 32 characters (openssl rand -hex 16)",
    },
    { name: 'KEYCLOAK_ADMIN_PASSWORD', description: "Keycloak's first admin user (admin)" },
    { name: 'KEYCLOAK_DB_PASSWORD', description: "password of Keycloak's PostgreSQL user" },
  ],
  services: (model) => {
    const u = urlsOf(model);
    const images = model.images;
    return {
      'keycloak-db': postgresService({
        image: images['keycloak-db'],
        db: 'keycloak',
        user: 'keycloak',
        passwordSecret: 'KEYCLOAK_DB_PASSWORD',
        volume: 'keycloak-db',
      }),
      keycloak: {
        image: images.keycloak,
        restart: 'unless-stopped',
        command: ['start', '--import-realm'],
        environment: keycloakEnvironment(u),
        volumes: [`./${REALM_FILE}:/opt/keycloak/data/import/ohif-realm.json:ro`],
        depends_on: { 'keycloak-db': { condition: 'service_healthy' } },
        // The management interface (9000) serves health under the same relative path.
        healthcheck: bashHttpCheck(9000, `${u.keycloakPath}/health/ready`, '90s'),
      },
      'oauth2-proxy': {
        image: images['oauth2-proxy'],
        restart: 'unless-stopped',
        environment: oauth2ProxyEnvironment(u),
        depends_on: { keycloak: { condition: 'service_healthy' } },
      },
    };
  },
  files: (model) => [
    {
      path: REALM_FILE,
      text: `${JSON.stringify(keycloakRealm(urlsOf(model)), null, 2)}\n`,
      description: 'the Keycloak realm imported at first start (client, redirect URI, web origin)',
    },
  ],
  notes: (model) => {
    const u = urlsOf(model);
    return [
      `Every route but /healthz, ${u.proxyPrefix}/ and ${u.keycloakPath}/ asks oauth2-proxy first (nginx auth_request); without a session the browser goes to Keycloak's sign-in page for realm ${u.realm}. Sign out at ${model.publicUrl.origin}${u.signOutPath}.`,
      `Users: sign in to the Keycloak admin console at ${u.keycloakUrl}/admin/ as admin (KEYCLOAK_ADMIN_PASSWORD), open realm ${u.realm} and add users with a verified email address (oauth2-proxy rejects unverified ones). Only users with the realm role ${u.adminRole} reach the PACS UI and its write API (others get 403); every signed-in user has the viewer, DICOMweb and WADO-URI.`,
      `Keycloak is served under ${u.keycloakPath}/ of the public host (its admin console too: keep KEYCLOAK_ADMIN_PASSWORD strong). It requires HTTPS for clients outside private networks: use --tls or a TLS terminator for anything but local tests.`,
      'Not run here: Keycloak and oauth2-proxy have no Debian packages and this project verifies them statically (compose validation, realm schema, derived URLs); `ohif-recipes up` refuses this variant.',
    ];
  },
};
