import { RecipeError } from '../errors.js';
import { synth } from '../synth.js';
import { VARIANTS } from '../variants/index.js';
import { writeRecipe, type WriteResult } from '../output/write.js';
import { planRecipe, WriteError, type WritePlan } from '../output/plan.js';
import { existsSync } from 'node:fs';
import { TOOL } from '../tool.js';
import { parseCommand, suggest } from './args.js';
import { join } from 'node:path';
import { NativeError } from '../runtime/native.js';
import { optionHelp } from '../input/option-table.js';
import { OPTION_PARSING, optionName, specFromOptions, UsageError } from './options.js';
import { down, up, user, UP_USAGE } from './up.js';
import { check, CHECK_USAGE } from './check.js';
import { backup, BACKUP_USAGE, restore } from './backup.js';
import { CheckError } from '../check/doctor.js';

const USAGE = `usage:
  ohif-recipes list [--json]
  ohif-recipes generate <variant> --out DIR [options]
  ohif-recipes generate --config DIR/ohif-recipes.json --out DIR   regenerate from a recorded spec
  ohif-recipes check DIR                     doctor for a generated recipe folder
  ohif-recipes up <variant> [options]        run it natively on 127.0.0.1 (no Docker)
  ohif-recipes user add NAME --dir DIR      basic-auth user, hash only (or --state-dir DIR)
  ohif-recipes down --state-dir DIR          stop a detached run
  ohif-recipes backup --state-dir DIR        cold backup of a native stack's data (restore FILE)

generate writes only its own files: a folder's .env, certs/, .git and notes are never
touched; a generated file you edited is refused with a diff (--force keeps a .orig copy).

generate options:
${optionHelp([
  ['--out DIR', 'the recipe folder (made if missing; regenerating in place is safe)'],
  ['--config FILE', "a JSON recipe spec (a recipe's ohif-recipes.json); options override it"],
  ['--dry-run', 'list what would be created, updated or removed; write nothing'],
  ['--diff', 'show the changes as a unified diff; write nothing'],
  ['--force', 'replace generated files you edited, keeping each as FILE.orig'],
  ['--json', 'what was (or, with --dry-run, would be) written, as JSON'],
])}`;

/** What each planned action reads as once done, in the summary's order. */
const DONE = { create: 'created', update: 'updated', remove: 'removed', unchanged: 'unchanged' };

/** One line per file that would change, then the conflicts; diffs with `diff`. */
function describePlan(plan: WritePlan, diff: boolean): string {
  const lines: string[] = [];
  for (const f of plan.files) {
    if (f.action === 'unchanged') continue;
    lines.push(`${f.action.padEnd(9)} ${f.path}`);
    if (diff && f.diff) lines.push(f.diff);
  }
  for (const c of plan.conflicts) {
    lines.push(`${'conflict'.padEnd(9)} ${c.path} (${c.reason}; --force keeps it as .orig)`);
    if (diff) lines.push(c.diff);
  }
  for (const k of plan.kept)
    lines.push(`${'keep'.padEnd(9)} ${k} (no longer generated, edited by you)`);
  const unchanged = plan.files.filter((f) => f.action === 'unchanged').length;
  lines.push(`${unchanged} file(s) unchanged`);
  return `${lines.join('\n')}\n`;
}

function summary(result: WriteResult): string {
  const { plan, backups } = result;
  // A conflict replaced with --force is an update too.
  const count = (a: string) =>
    plan.files.filter((f) => f.action === a).length + (a === 'update' ? plan.conflicts.length : 0);
  const parts = Object.entries(DONE)
    .map(([a, done]) => [count(a), done] as const)
    .filter(([n]) => n > 0)
    .map(([n, done]) => `${n} ${done}`);
  return [
    `ohif-recipes: wrote ${plan.dir}: ${parts.join(', ')}`,
    ...backups.map((b) => `  kept your version of ${b.path} as ${b.backup}`),
    ...plan.kept.map((k) => `  left ${k} in place: no longer generated, edited by you`),
    ...(plan.strays.length
      ? [`  removed ${plan.strays.length} temp file(s) of an interrupted run`]
      : []),
  ].join('\n');
}

async function generate(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    'generate',
    {
      out: { type: 'string' },
      config: { type: 'string' },
      force: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      diff: { type: 'boolean' },
      json: { type: 'boolean' },
      ...OPTION_PARSING,
    },
    args,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [variant, ...extra] = positionals;
  if (extra.length > 0)
    throw new UsageError(
      `generate: unexpected argument "${extra[0]}"; fix: options take the form --name value`,
    );
  if (typeof values.out !== 'string')
    throw new UsageError(
      '--out: missing; fix: give the folder to write the recipe into, e.g. --out ./my-recipe',
    );
  const spec = specFromOptions(variant, values);
  let files: Map<string, string>;
  try {
    files = await synth(spec);
  } catch (e) {
    if (e instanceof RecipeError) {
      for (const p of e.problems)
        process.stderr.write(
          `ohif-recipes: ${optionName(p.path, values)}: ${p.message}; fix: ${p.fix}\n`,
        );
      return 2;
    }
    throw e;
  }
  if (values['dry-run'] || values.diff) {
    const plan = planRecipe(values.out, files);
    process.stdout.write(
      values.json ? `${JSON.stringify(plan, null, 2)}\n` : describePlan(plan, values.diff === true),
    );
    return plan.conflicts.length > 0 && !values.force ? 1 : 0;
  }
  const fresh = !existsSync(join(values.out, '.env'));
  const result = writeRecipe(values.out, files, { force: values.force === true });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${summary(result)}\n`);
  if (fresh)
    process.stdout.write(
      `  next: cd ${values.out} && cp .env.example .env && ${files.has('kustomization.yaml') ? 'kubectl apply -k . (after pushing the viewer image: see README.md)' : 'docker compose up -d --build'}\n`,
    );
  return 0;
}

const LIST_USAGE = `usage: ohif-recipes list [--json]

The recipe variants: name, what it deploys, and whether "ohif-recipes up" runs it natively.`;

function list(args: string[]): number {
  const { values, positionals } = parseCommand('list', { json: { type: 'boolean' } }, args);
  if (values.help) {
    process.stdout.write(`${LIST_USAGE}\n`);
    return 0;
  }
  if (positionals.length > 0)
    throw new UsageError(`list: unexpected argument "${positionals[0]}"; fix: ohif-recipes list`);
  const rows = VARIANTS.map((v) => ({
    name: v.name,
    description: v.description,
    native: v.pacs.native !== undefined && v.gate === undefined,
  }));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((v) => v.name.length));
  for (const v of rows) process.stdout.write(`${v.name.padEnd(width)}  ${v.description}\n`);
  return 0;
}

const COMMANDS = ['list', 'generate', 'check', 'up', 'down', 'user', 'backup', 'restore'];

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'list':
        return list(rest);
      case '--version':
      case '-v':
        process.stdout.write(`${TOOL.version}\n`);
        return 0;
      case 'generate':
        return await generate(rest);
      case 'backup':
        return backup(rest);
      case 'restore':
        return restore(rest);
      case 'check':
        return await check(rest);
      case 'up':
        return await up(rest);
      case 'down':
        return await down(rest);
      case 'user':
        return await user(rest);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n\n${CHECK_USAGE}\n\n${UP_USAGE}\n\n${BACKUP_USAGE}\n`);
        return 0;
      default: {
        const guess = command ? suggest(command, COMMANDS) : undefined;
        throw new UsageError(
          command
            ? `unknown command "${command}"; fix: ${guess ? `did you mean "${guess}"?` : `use ${COMMANDS.join(', ')}`}`
            : `no command; fix: use ${COMMANDS.join(', ')} (ohif-recipes --help)`,
        );
      }
    }
  } catch (e) {
    if (e instanceof RecipeError) {
      for (const p of e.problems)
        process.stderr.write(`ohif-recipes: ${p.path}: ${p.message}; fix: ${p.fix}\n`);
      return 2;
    }
    if (
      e instanceof UsageError ||
      e instanceof WriteError ||
      e instanceof NativeError ||
      e instanceof CheckError
    ) {
      process.stderr.write(`ohif-recipes: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

// `ohif-recipes list | head -1`: the reader went away; that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
process.exitCode = await main(process.argv.slice(2));
