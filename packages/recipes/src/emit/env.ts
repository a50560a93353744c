// .env.example: every secret the recipe's services need, empty, with what it is for.
import type { RouteModel } from '../model/route-model.js';

/** Users of the viewer's basic authentication, hashed into htpasswd at container start. */
const AUTH_USERS = {
  name: 'OHIF_BASIC_AUTH_USERS',
  description:
    'viewer users for basic authentication. Keep only hashes: ohif-recipes user add NAME --dir . writes\n# NAME:<SHA-512 crypt hash> here, single-quoted. Plain user:password[,user:password] works too (hashed\n# at start) but stays readable in the container environment; OHIF_BASIC_AUTH_USERS_FILE (a Compose\n# secret) replaces it.',
};

export function envExample(model: RouteModel): string {
  const secrets = [...model.secretsNeeded, ...(model.auth === 'basic' ? [AUTH_USERS] : [])];
  const lines = [
    '# Copy to .env and fill in every value. docker compose refuses to start while one is empty.',
    '# Generate each secret with: openssl rand -hex 24',
    '',
  ];
  if (secrets.length === 0)
    lines.push(
      `# The ${model.variant} recipe needs no secrets yet (authentication comes with the security options).`,
    );
  for (const s of secrets) lines.push(`# ${s.description}`, `${s.name}=`, '');
  if (model.secrets.adminHtpasswd)
    lines.push(
      '# optional: PACS administrators (the PACS UI and its write API), as above (user add NAME --admin);',
      '# they may use the viewer too. Empty: nobody reaches the PACS UI through nginx.',
      '# OHIF_BASIC_AUTH_ADMINS=',
      '',
    );
  return `${lines.join('\n').trimEnd()}\n`;
}
