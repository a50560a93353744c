import { parseArgs } from 'node:util';
import { startNative, stopRecorded, defaultStateDir, type NativeStack } from '../runtime/native.js';
import { optionHelp } from '../input/option-table.js';
import { OPTION_PARSING, specFromOptions, UsageError } from './options.js';
import { addUser, htpasswdOf } from '../runtime/users.js';

export const UP_USAGE = `usage:
  ohif-recipes up <variant> [options]
  ohif-recipes user add NAME --state-dir DIR    (password from OHIF_NEW_PASSWORD or stdin)
  ohif-recipes down --state-dir DIR

Runs the recipe natively on 127.0.0.1 (Debian's nginx and Orthanc, the prebuilt OHIF
viewer; nginx-orthanc-postgres adds a private PostgreSQL cluster), without Docker.
Ctrl-C stops everything it started; with --detach the servers
keep running until "ohif-recipes down". Data stays in the state directory.
With --auth basic, set OHIF_BASIC_AUTH_USERS=user:password[,...] for the first start; the
users are hashed into <state>/auth/htpasswd. The recipe options mean what they mean for
generate: nginx listens on --http-port (with TLS: HTTPS on --https-port, and --http-port,
default a free one, redirects); the default public URL is http(s)://127.0.0.1:PORT/.

up options:
${optionHelp([
  ['--port N', "the public URL's port when no URL or port option names it (default 8080)"],
  [
    '--state-dir DIR',
    'data, logs and configuration (default /var/lib/ohif-recipes/<variant> as root)',
  ],
  ['--pacs-port N', "Orthanc's HTTP port on loopback (default: a free one)"],
  ['--db-port N', "the PostgreSQL index's port on loopback (default: a free one)"],
  ['--config FILE', 'a JSON recipe spec; command-line options override it'],
  ['--detach', 'leave the servers running; stop them with ohif-recipes down'],
])}`;

function int(v: string | undefined, option: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 65535)
    throw new UsageError(`${option}: "${v}" is not a port; fix: use a number from 1 to 65535`);
  return Number(v);
}

function banner(stack: NativeStack): string {
  const lines = [
    '',
    'ohif-recipes: up',
    ...stack.links.map((l) => `  ${l.label.padEnd(40)} ${l.url}`),
  ];
  lines.push(
    stack.dicom.enabled
      ? `  ${'DICOM C-STORE'.padEnd(40)} ${stack.dicom.aeTitle}@127.0.0.1:${stack.dicom.port} (Orthanc 1.10 listens on every interface; --expose-dicom none turns it off)`
      : `  ${'DICOM C-STORE'.padEnd(40)} off (--expose-dicom none)`,
    ...(stack.model.database
      ? [
          `  ${'PostgreSQL (Orthanc index)'.padEnd(40)} ${stack.model.database.host}:${stack.model.database.port} (password in ${stack.stateDir}/secrets/db-password)`,
        ]
      : []),
    `  ${'state (data, logs)'.padEnd(40)} ${stack.stateDir}`,
    '',
  );
  return lines.join('\n');
}

async function statusLine(stack: NativeStack): Promise<string> {
  const viewer = stack.links[0]?.url ?? '';
  const check = async (url: string) => {
    try {
      return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok ? 'ok' : 'error';
    } catch {
      return 'down';
    }
  };
  let studies = '?';
  const count = stack.pacs.studies;
  if (count) {
    try {
      const r = await fetch(count.url, { signal: AbortSignal.timeout(2_000) });
      studies = String(((await r.json()) as Record<string, unknown>)[count.field] ?? '?');
    } catch {
      /* shown as ? */
    }
  }
  const pacs = await check(stack.pacs.readyUrl);
  return `${new Date().toISOString().slice(11, 19)}  nginx ${await check(`${viewer}app-config.js`)}  ${stack.pacs.name} ${pacs}  studies ${studies}`;
}

export async function up(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...OPTION_PARSING,
      port: { type: 'string' },
      'state-dir': { type: 'string' },
      'pacs-port': { type: 'string' },
      'db-port': { type: 'string' },
      config: { type: 'string' },
      detach: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${UP_USAGE}\n`);
    return 0;
  }
  const variant = positionals[0];
  const log = (line: string) => process.stdout.write(`ohif-recipes: ${line}\n`);
  const stack = await startNative({
    spec: specFromOptions(variant, values),
    port: int(values.port, '--port'),
    pacsPort: int(values['pacs-port'], '--pacs-port'),
    dbPort: int(values['db-port'], '--db-port'),
    ...(values['state-dir'] ? { stateDir: values['state-dir'] } : {}),
    detach: values.detach === true,
    log,
  });
  process.stdout.write(banner(stack));
  if (values.detach) {
    process.stdout.write(
      `ohif-recipes: running in the background; stop with: ohif-recipes down --state-dir ${stack.stateDir}\n`,
    );
    return 0;
  }
  process.stdout.write(
    `ohif-recipes: Ctrl-C stops ${stack.processes.map((p) => p.name).join(', ')}\n`,
  );
  const tty = process.stdout.isTTY === true;
  let last = 0;
  const timer = setInterval(() => {
    void statusLine(stack).then((line) => {
      // A live line on a terminal; a line a minute in a log.
      if (tty) process.stdout.write(`\r${line}   `);
      else if (Date.now() - last >= 60_000) {
        last = Date.now();
        process.stdout.write(`${line}\n`);
      }
    });
  }, 5_000);
  const exited = new Promise<string>((resolve) => {
    for (const p of stack.processes)
      p.child?.once('exit', (code, sig) =>
        resolve(`${p.name} exited (${sig ?? code}); see ${stack.stateDir}/logs`),
      );
    for (const sig of ['SIGINT', 'SIGTERM'] as const)
      process.once(sig, () => resolve(`received ${sig}`));
  });
  const why = await exited;
  clearInterval(timer);
  process.stdout.write(`${tty ? '\n' : ''}ohif-recipes: ${why}; stopping...\n`);
  await stack.stop();
  process.stdout.write('ohif-recipes: stopped\n');
  return why.startsWith('received') ? 0 : 1;
}

/** `ohif-recipes user add NAME --state-dir DIR`: password from OHIF_NEW_PASSWORD or stdin. */
export async function user(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'state-dir': { type: 'string' } },
  });
  const [action, name] = positionals;
  if (action !== 'add' || !name)
    throw new UsageError('user: usage: ohif-recipes user add NAME --state-dir DIR');
  const stateDir = values['state-dir'];
  if (!stateDir)
    throw new UsageError('--state-dir: missing; fix: give the --state-dir that up used');
  let password = process.env.OHIF_NEW_PASSWORD;
  if (password === undefined) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  const result = addUser(stateDir, name, password);
  process.stdout.write(`ohif-recipes: ${result} user ${name} in ${htpasswdOf(stateDir)}\n`);
  return 0;
}

export async function down(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'state-dir': { type: 'string' } },
  });
  const stateDir =
    values['state-dir'] ?? (positionals[0] ? defaultStateDir(positionals[0]) : undefined);
  if (!stateDir)
    throw new UsageError(
      'down: --state-dir: missing; fix: give the --state-dir that up used (or the variant name for its default)',
    );
  const stopped = await stopRecorded(stateDir);
  process.stdout.write(
    stopped.length
      ? `ohif-recipes: stopped ${stopped.join(', ')}\n`
      : 'ohif-recipes: nothing was running\n',
  );
  return 0;
}
