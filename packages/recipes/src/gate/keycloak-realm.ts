import type { OidcUrls } from '../model/oidc.js';

/** The subset of Keycloak's RealmRepresentation the recipe imports. */
export interface KeycloakRealm {
  realm: string;
  displayName: string;
  enabled: boolean;
  sslRequired: 'external' | 'all' | 'none';
  registrationAllowed: boolean;
  loginWithEmailAllowed: boolean;
  resetPasswordAllowed: boolean;
  bruteForceProtected: boolean;
  failureFactor: number;
  roles: { realm: Array<{ name: string; description: string }> };
  clients: KeycloakClient[];
}

export interface KeycloakClient {
  clientId: string;
  name: string;
  enabled: boolean;
  protocol: 'openid-connect';
  publicClient: boolean;
  clientAuthenticatorType: 'client-secret';
  secret: string;
  standardFlowEnabled: boolean;
  implicitFlowEnabled: boolean;
  directAccessGrantsEnabled: boolean;
  serviceAccountsEnabled: boolean;
  rootUrl: string;
  baseUrl: string;
  redirectUris: string[];
  webOrigins: string[];
  attributes: Record<string, string>;
  protocolMappers: Array<{
    name: string;
    protocol: 'openid-connect';
    protocolMapper: string;
    consentRequired: boolean;
    config: Record<string, string>;
  }>;
}

/** The variable Keycloak substitutes into the realm at import, and oauth2-proxy reads. */
export const CLIENT_SECRET_ENV = 'OIDC_CLIENT_SECRET';

/**
 * The realm Keycloak imports at first start: one confidential client for oauth2-proxy
 * (authorization code + PKCE only), its redirect URI, web origin and root all from the
 * public URL, and an audience mapper so tokens name the client (oauth2-proxy checks `aud`).
 */
export function keycloakRealm(urls: OidcUrls): KeycloakRealm {
  return {
    realm: urls.realm,
    displayName: 'OHIF viewer',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: true,
    resetPasswordAllowed: false,
    bruteForceProtected: true,
    failureFactor: 5,
    // Granted in Keycloak's admin console to the users who may use the PACS UI and write API.
    roles: {
      realm: [
        {
          name: urls.adminRole,
          description: 'PACS administrator: the PACS UI and its write API behind the viewer',
        },
      ],
    },
    clients: [
      {
        clientId: urls.clientId,
        name: 'OHIF viewer (oauth2-proxy)',
        enabled: true,
        protocol: 'openid-connect',
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        // Keycloak replaces ${VAR} placeholders from its environment when it imports a realm.
        secret: `\${${CLIENT_SECRET_ENV}}`,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        rootUrl: urls.clientRootUrl,
        baseUrl: urls.clientRootUrl,
        redirectUris: [urls.redirectUrl],
        webOrigins: [urls.webOrigin],
        attributes: {
          'pkce.code.challenge.method': 'S256',
          'post.logout.redirect.uris': urls.postLogoutRedirectUrl,
        },
        protocolMappers: [
          {
            name: `audience-${urls.clientId}`,
            protocol: 'openid-connect',
            protocolMapper: 'oidc-audience-mapper',
            consentRequired: false,
            config: {
              'included.client.audience': urls.clientId,
              'id.token.claim': 'true',
              'access.token.claim': 'true',
            },
          },
        ],
      },
    ],
  };
}
