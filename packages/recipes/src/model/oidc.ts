import type { PublicUrl } from '../input/types.js';

/** Where Keycloak listens inside the compose network (plain HTTP; nginx terminates TLS). */
export const KEYCLOAK_INTERNAL = { host: 'keycloak', port: 8080 };
export const OAUTH2_PROXY_INTERNAL = { host: 'oauth2-proxy', port: 4180 };

/**
 * Every URL, path and name the OIDC gate needs, derived from the one public URL. Upstream
 * recipes make operators type the domain into five files; here nothing else is an input.
 */
export interface OidcUrls {
  realm: string;
  clientId: string;
  /** Keycloak's path prefix (KC_HTTP_RELATIVE_PATH), proxied unchanged by nginx. */
  keycloakPath: string;
  /** What browsers use for Keycloak (KC_HOSTNAME, a full URL). */
  keycloakUrl: string;
  /** The `iss` of every token: the realm at the public Keycloak URL. */
  issuer: string;
  /** Browser-facing authorization endpoint. */
  loginUrl: string;
  /** Token and key endpoints oauth2-proxy calls inside the compose network (no hairpin through the public host). */
  redeemUrl: string;
  jwksUrl: string;
  /** oauth2-proxy's path prefix (--proxy-prefix), without a trailing slash. */
  proxyPrefix: string;
  /** The OAuth redirect URI: the one Keycloak allows and oauth2-proxy sends. */
  redirectUrl: string;
  /** nginx's auth_request target and where a 401 sends the browser. */
  authPath: string;
  /** nginx's check for PACS administrators: oauth2-proxy's check, limited to `adminRole`. */
  adminAuthPath: string;
  /** The Keycloak realm role that makes a PACS administrator (the PACS UI and its write API). */
  adminRole: string;
  signInPath: string;
  signOutPath: string;
  cookieDomain: string;
  cookiePath: string;
  cookieSecure: boolean;
  /** Where oauth2-proxy may send the browser after login: the public host (with a non-default port). */
  whitelistDomain: string;
  /** Keycloak client settings. */
  clientRootUrl: string;
  webOrigin: string;
  postLogoutRedirectUrl: string;
}

export function oidcUrls(publicUrl: PublicUrl): OidcUrls {
  const { origin, basePath, href, host, scheme, port } = publicUrl;
  const realm = 'ohif';
  const keycloakPath = `${basePath}keycloak`;
  const keycloakUrl = `${origin}${keycloakPath}`;
  const issuer = `${keycloakUrl}/realms/${realm}`;
  const internal = `http://${KEYCLOAK_INTERNAL.host}:${KEYCLOAK_INTERNAL.port}${keycloakPath}/realms/${realm}/protocol/openid-connect`;
  const proxyPrefix = `${basePath}oauth2`;
  const defaultPort = scheme === 'https' ? 443 : 80;
  return {
    realm,
    clientId: 'ohif-viewer',
    keycloakPath,
    keycloakUrl,
    issuer,
    loginUrl: `${issuer}/protocol/openid-connect/auth`,
    redeemUrl: `${internal}/token`,
    jwksUrl: `${internal}/certs`,
    proxyPrefix,
    redirectUrl: `${origin}${proxyPrefix}/callback`,
    authPath: `${proxyPrefix}/auth`,
    adminAuthPath: `${proxyPrefix}/auth-pacs-admin`,
    adminRole: 'pacs-admin',
    signInPath: `${proxyPrefix}/sign_in`,
    signOutPath: `${proxyPrefix}/sign_out`,
    cookieDomain: host,
    cookiePath: basePath,
    cookieSecure: scheme === 'https',
    whitelistDomain: port === defaultPort ? host : `${host}:${port}`,
    clientRootUrl: href,
    webOrigin: origin,
    postLogoutRedirectUrl: href,
  };
}
