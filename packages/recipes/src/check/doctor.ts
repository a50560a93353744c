// `ohif-recipes check DIR`: what an operator wants to know about a recipe folder before and
// after months of running it. Each check returns data; the CLI prints it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lint, parse } from '@ohif-recipes/nginx-dsl';
import { RecipeError, type Problem } from '../errors.js';
import { SPEC_FILE } from '../emit/spec-file.js';
import { MANIFEST, readManifest, sha256 } from '../output/manifest.js';
import { envVariables } from '../runtime/dotenv.js';
import { plainTextUsers } from '../runtime/env-users.js';
import { onPath } from '../runtime/prereqs.js';
import { synth } from '../synth.js';
import { nginxTestRecipe } from './nginx-test.js';

export interface CheckOutcome {
  /** What was checked: `drift`, `.env`, `nginx -t`, ... */
  check: string;
  /** What it found when all is well (`19 generated files as written`). */
  summary: string;
  problems: Problem[];
  /** Set when the check could not run here, with why. */
  skipped?: string;
}

/** The folder is not something `check` can look at: a usage error, not a finding. */
export class CheckError extends Error {
  override readonly name = 'CheckError';
}

function drift(dir: string, files: Record<string, string>): CheckOutcome {
  const problems: Problem[] = [];
  for (const [rel, hash] of Object.entries(files)) {
    let now: Buffer;
    try {
      now = readFileSync(join(dir, rel));
    } catch {
      problems.push({
        path: rel,
        message: 'is missing',
        fix: `regenerate: ohif-recipes generate --config ${join(dir, SPEC_FILE)} --out ${dir}`,
      });
      continue;
    }
    if (sha256(now) !== hash)
      problems.push({
        path: rel,
        message: 'was edited since it was generated',
        fix: `put the change into ${SPEC_FILE}'s options and regenerate (--diff shows it), or keep it knowing the next generate refuses to overwrite it`,
      });
  }
  return {
    check: 'drift',
    summary: `${Object.keys(files).length} generated files as written`,
    problems,
  };
}

/** The recipe's recorded spec, parsed once for every check that reads it, or why it cannot be. */
type RecordedSpec = { spec: unknown } | { problem: Problem };

function readSpec(dir: string): RecordedSpec {
  const specPath = join(dir, SPEC_FILE);
  if (!existsSync(specPath))
    return {
      problem: {
        path: SPEC_FILE,
        message: 'is missing: the recipe does not record its inputs',
        fix: 'regenerate it once with the options it was made with',
      },
    };
  try {
    return { spec: JSON.parse(readFileSync(specPath, 'utf8')) };
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    return {
      problem: { path: SPEC_FILE, message: `is not JSON (${e.message})`, fix: 'correct it' },
    };
  }
}

async function upToDate(
  dir: string,
  files: Record<string, string>,
  recorded: RecordedSpec,
): Promise<CheckOutcome> {
  const check = 'regenerate';
  const specPath = join(dir, SPEC_FILE);
  if ('problem' in recorded) return { check, summary: '', problems: [recorded.problem] };
  let fresh: Map<string, string>;
  try {
    fresh = await synth(recorded.spec);
  } catch (e) {
    if (!(e instanceof RecipeError)) throw e;
    return {
      check,
      summary: '',
      problems: e.problems.map((p) => ({ ...p, path: `${SPEC_FILE}: ${p.path}` })),
    };
  }
  const changed = [
    ...[...fresh].filter(([rel, text]) => files[rel] !== sha256(text)).map(([rel]) => rel),
    ...Object.keys(files).filter((rel) => !fresh.has(rel)),
  ];
  return {
    check,
    summary: `${SPEC_FILE} gives these files with this version of ohif-recipes`,
    problems: changed.length
      ? [
          {
            path: changed.join(', '),
            message: `would change on regenerate (an edited ${SPEC_FILE}, or a newer ohif-recipes)`,
            fix: `review with: ohif-recipes generate --config ${specPath} --out ${dir} --diff; then run it without --diff`,
          },
        ]
      : [],
  };
}

function env(dir: string): CheckOutcome {
  const check = '.env';
  const example = join(dir, '.env.example');
  if (!existsSync(example)) return { check, summary: '', problems: [], skipped: 'no .env.example' };
  const needed = [...envVariables(readFileSync(example, 'utf8')).keys()];
  const file = join(dir, '.env');
  if (!existsSync(file))
    return needed.length === 0
      ? { check, summary: 'the recipe needs no secrets', problems: [] }
      : {
          check,
          summary: '',
          problems: [
            {
              path: '.env',
              message: `is missing (${needed.join(', ')} must be set)`,
              fix: 'cp .env.example .env && chmod 600 .env, then fill in every value (openssl rand -hex 24)',
            },
          ],
        };
  const text = readFileSync(file, 'utf8');
  const have = envVariables(text);
  const problems: Problem[] = needed
    .filter((k) => !have.get(k)?.value)
    .map((k) => ({
      path: `.env: ${k}`,
      message: 'is not set',
      fix: `set it (see the comment above it in .env.example)`,
    }));
  for (const user of plainTextUsers(text))
    problems.push({
      path: `.env: ${user}`,
      message: 'has its password in plain text (it ends up in the container environment)',
      fix: `keep only a hash: ohif-recipes user add ${user.split(' ')[0]} --dir ${dir} [--admin]`,
    });
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0)
    problems.push({
      path: '.env',
      message: `holds secrets but is readable by others (mode ${mode.toString(8)})`,
      fix: `chmod 600 ${file}`,
    });
  return { check, summary: `${needed.length} secret(s) set, file private`, problems };
}

/** The PEM files a recipe mounts (--tls-cert/--tls-key): present, readable, key private. */
function tlsFiles(recorded: RecordedSpec): CheckOutcome {
  const check = 'certificates';
  if ('problem' in recorded)
    return { check, summary: '', problems: [], skipped: `no readable ${SPEC_FILE}` };
  const tls = (recorded.spec as { tls?: unknown } | null)?.tls;
  if (typeof tls !== 'object' || tls === null)
    return { check, summary: '', problems: [], skipped: 'the recipe mounts no certificate files' };
  const problems: Problem[] = [];
  for (const [field, path] of Object.entries(tls as Record<string, string>)) {
    if (!existsSync(path)) {
      problems.push({
        path: `tls.${field}`,
        message: `${path} does not exist`,
        fix: 'put the PEM file there or regenerate with --tls-cert/--tls-key',
      });
      continue;
    }
    const text = readFileSync(path, 'utf8');
    if (!text.includes('-----BEGIN '))
      problems.push({
        path: `tls.${field}`,
        message: `${path} is not a PEM file`,
        fix: 'give the PEM-encoded file',
      });
    if (field === 'key' && (statSync(path).mode & 0o007) !== 0)
      problems.push({
        path: 'tls.key',
        message: `${path} is readable by everyone`,
        fix: `chmod 640 ${path}`,
      });
  }
  return { check, summary: 'certificate and key present', problems };
}

function nginxLint(dir: string): CheckOutcome {
  const file = join(dir, 'config', 'nginx.conf');
  const findings = lint(parse(readFileSync(file, 'utf8'), file));
  return {
    check: 'lint',
    summary: 'no findings in config/nginx.conf',
    problems: findings.map((f) => ({
      path: `config/nginx.conf ${f.path}`,
      message: `${f.rule}: ${f.message}`,
      fix: f.fix,
    })),
  };
}

function nginxTest(dir: string): CheckOutcome {
  const scratch = mkdtempSync(join(tmpdir(), 'ohif-recipes-check-'));
  try {
    const t = nginxTestRecipe(dir, scratch);
    if (t.skipped) return { check: 'nginx -t', summary: '', problems: [], skipped: t.skipped };
    return {
      check: 'nginx -t',
      summary: 'the viewer container would load config/nginx.conf',
      problems:
        t.status === 0
          ? []
          : [
              {
                path: 'config/nginx.conf',
                message: `nginx -t failed: ${t.output}`,
                fix: 'regenerate it, or undo the edit',
              },
            ],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function compose(dir: string): CheckOutcome {
  const check = 'compose';
  const cmd = onPath('docker-compose')
    ? ['docker-compose']
    : onPath('docker')
      ? ['docker', 'compose']
      : undefined;
  if (!cmd)
    return {
      check,
      summary: '',
      problems: [],
      skipped: 'neither docker compose nor docker-compose is installed',
    };
  const r = spawnSync(cmd[0] as string, [...cmd.slice(1), 'config', '-q'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return {
    check,
    summary: `${cmd.join(' ')} config accepts docker-compose.yml with .env`,
    problems:
      r.status === 0
        ? []
        : [
            {
              path: 'docker-compose.yml',
              message: `${cmd.join(' ')} config: ${(r.stderr || r.stdout || String(r.error)).trim()}`,
              fix: 'fill in .env, or regenerate the file',
            },
          ],
  };
}

/**
 * Checks a generated recipe folder: its files against the manifest, against what its spec
 * file gives today, `.env`, mounted certificates, lint, `nginx -t` and compose's own check.
 */
export async function checkRecipe(dir: string): Promise<CheckOutcome[]> {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CheckError(
      `${dir} is not a folder; fix: give a recipe folder made by ohif-recipes generate`,
    );
  const manifest = readManifest(dir);
  if (manifest === undefined)
    throw new CheckError(
      `${dir} has no ${MANIFEST}: it was not written by ohif-recipes generate; fix: give the folder generate wrote`,
    );
  if (manifest === 'legacy')
    throw new CheckError(
      `${dir} was written by an older ohif-recipes that kept no manifest; fix: regenerate it once (ohif-recipes generate <variant> --out ${dir} ...)`,
    );
  const recorded = readSpec(dir);
  const outcomes = [
    drift(dir, manifest.files),
    await upToDate(dir, manifest.files, recorded),
    env(dir),
    tlsFiles(recorded),
  ];
  if (existsSync(join(dir, 'config', 'nginx.conf'))) outcomes.push(nginxLint(dir), nginxTest(dir));
  if (existsSync(join(dir, 'docker-compose.yml'))) outcomes.push(compose(dir));
  return outcomes;
}
