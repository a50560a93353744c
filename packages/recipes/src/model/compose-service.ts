/** The subset of the Compose Specification the recipes use, typed. */
export interface ComposeHealthcheck {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  start_period: string;
}

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  restart?: 'no' | 'always' | 'unless-stopped' | 'on-failure';
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<
    string,
    { condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' }
  >;
  healthcheck?: ComposeHealthcheck;
  logging?: { driver: string; options: Record<string, string> };
}

/** No top-level `name`: Debian's docker-compose 1.29 rejects it; the folder names the project. */
export interface ComposeModel {
  services: Record<string, ComposeService>;
  volumes: Record<string, Record<string, never>>;
}

/**
 * A healthcheck that needs only bash in the image: an HTTP GET over /dev/tcp, healthy on
 * a 2xx/3xx status line. Images differ in having curl or wget; all of ours have bash.
 */
export function bashHttpCheck(port: number, path: string, startPeriod = '30s'): ComposeHealthcheck {
  const script = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET ${path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -Eq 'HTTP/1\\.[01] [23]'`;
  return {
    test: ['CMD', 'bash', '-c', script],
    interval: '10s',
    timeout: '5s',
    retries: 10,
    start_period: startPeriod,
  };
}

/** A compose value taken from .env that refuses to start when it is missing. */
export const required = (name: string): string =>
  `\${${name}:?set ${name} in .env (see .env.example)}`;

/** Healthy once PostgreSQL accepts connections to `db` as `user`. */
export function pgIsReadyCheck(user: string, db: string): ComposeHealthcheck {
  return {
    test: ['CMD', 'pg_isready', '-U', user, '-d', db],
    interval: '10s',
    timeout: '5s',
    retries: 10,
    start_period: '20s',
  };
}

/**
 * A PostgreSQL service the official image initialises on first start: database `db`
 * owned by `user`, the password from .env, data on the named `volume`, healthchecked.
 */
export function postgresService(opts: {
  image: string;
  db: string;
  user: string;
  passwordSecret: string;
  volume: string;
}): ComposeService {
  return {
    image: opts.image,
    restart: 'unless-stopped',
    environment: {
      POSTGRES_DB: opts.db,
      POSTGRES_USER: opts.user,
      POSTGRES_PASSWORD: required(opts.passwordSecret),
    },
    volumes: [`${opts.volume}:/var/lib/postgresql/data`],
    healthcheck: pgIsReadyCheck(opts.user, opts.db),
  };
}
