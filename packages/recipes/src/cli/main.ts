import { parseArgs } from 'node:util';
import { RecipeError } from '../errors.js';
import { synth } from '../synth.js';
import { VARIANTS } from '../variants/index.js';
import { WriteError, writeRecipe } from '../writer.js';
import { NativeError } from '../runtime/native.js';
import { optionHelp } from '../input/option-table.js';
import { OPTION_PARSING, optionName, specFromOptions, UsageError } from './options.js';
import { down, up, user, UP_USAGE } from './up.js';

const USAGE = `usage:
  ohif-recipes list
  ohif-recipes generate <variant> --out DIR [options]
  ohif-recipes up <variant> [options]        run it natively on 127.0.0.1 (no Docker)
  ohif-recipes down --state-dir DIR          stop a detached run

generate options:
${optionHelp([
  ['--config FILE', 'a JSON recipe spec; command-line options override it'],
  ['--force', 'replace a non-empty --out folder not written by ohif-recipes'],
])}`;

async function generate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      config: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...OPTION_PARSING,
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [variant, ...extra] = positionals;
  if (!variant)
    throw new UsageError(
      `generate: name a variant; fix: one of ${VARIANTS.map((v) => v.name).join(', ')}`,
    );
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
  writeRecipe(values.out, files, { force: values.force === true });
  process.stdout.write(
    `ohif-recipes: wrote ${files.size} files to ${values.out}\n  next: cd ${values.out} && cp .env.example .env && docker compose up -d --build\n`,
  );
  return 0;
}

function list(): number {
  const width = Math.max(...VARIANTS.map((v) => v.name.length));
  for (const v of VARIANTS) process.stdout.write(`${v.name.padEnd(width)}  ${v.description}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'list':
        return list();
      case 'generate':
        return await generate(rest);
      case 'up':
        return await up(rest);
      case 'down':
        return await down(rest);
      case 'user':
        return await user(rest);
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n\n${UP_USAGE}\n`);
        return 0;
      default:
        throw new UsageError(
          command
            ? `unknown command "${command}"; fix: use list, generate, up or down`
            : 'no command; fix: use list, generate, up or down',
        );
    }
  } catch (e) {
    if (e instanceof RecipeError) {
      for (const p of e.problems)
        process.stderr.write(`ohif-recipes: ${p.path}: ${p.message}; fix: ${p.fix}\n`);
      return 2;
    }
    if (e instanceof UsageError || e instanceof WriteError || e instanceof NativeError) {
      process.stderr.write(`ohif-recipes: ${e.message}\n`);
      return 2;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ohif-recipes: ${e.message}; fix: see ohif-recipes --help\n`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
