#!/usr/bin/env node
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { commandArgs, CliUsageError, closestWord, type CommandSpec } from './cli-args.js';
import { NginxDslError, NginxParseError, formatProblem, type Problem } from './errors.js';
import { atLeast, lint, SEVERITIES, type Severity } from './lint/index.js';
import { visitAll } from './lint/walk.js';
import { loadConfig, type Loaded } from './load.js';
import { parse } from './parse.js';
import { render } from './render.js';
import type { Config, Directive } from './types.js';
import { findProblems } from './validate.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const CONTEXTS = ['main', 'http', 'server', 'location'] as const;
type Context = (typeof CONTEXTS)[number];

const COMMON = {
  context: {
    type: 'string',
    value: 'C',
    help: 'what FILE is: main (a whole nginx.conf, default), or a snippet of http, server or location',
    choices: CONTEXTS,
  },
  'conf-dir': {
    type: 'string',
    value: 'DIR',
    help: "where relative include paths start (default: the main file's folder, as nginx -c)",
  },
  json: { type: 'boolean', help: 'machine-readable output' },
} as const;

const COMMANDS: Record<string, CommandSpec> = {
  lint: {
    summary: 'security and correctness findings (includes followed)',
    usage: 'nginx-dsl lint FILE... [options]      (FILE - reads standard input)',
    options: {
      ...COMMON,
      'fail-on': {
        type: 'string',
        value: 'S',
        help: 'exit 1 for findings of this severity or above: low (default), medium, high',
        choices: SEVERITIES,
      },
      in: {
        type: 'string',
        value: 'MAIN',
        help: 'lint FILE where MAIN includes it (inherited add_header, maps, sets) and report its findings only',
      },
    },
  },
  validate: {
    summary: "directives checked against nginx's reference (includes followed)",
    usage: 'nginx-dsl validate FILE... [options]',
    options: {
      ...COMMON,
      plus: { type: 'boolean', help: 'accept NGINX Plus directives (default: open-source nginx)' },
    },
  },
  fmt: {
    summary: 'canonical formatting, each file on its own (stdout by default)',
    usage: 'nginx-dsl fmt FILE... [--write | --check]',
    options: {
      write: { type: 'boolean', help: 'rewrite the files in place' },
      check: { type: 'boolean', help: 'exit 1 if a file is not canonically formatted' },
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  return [
    'usage: nginx-dsl <command> FILE... [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'nginx-dsl <command> --help shows its options; nginx-dsl --version the version.',
  ].join('\n');
}

/** Standard input, read once, for a `-` argument. */
let stdin: string | undefined;
const stdinText = (): string => (stdin ??= readFileSync(0, 'utf8'));

function load(file: string, values: Record<string, unknown>): Loaded {
  return loadConfig(file, {
    ...(file === '-' ? { text: stdinText() } : {}),
    ...(typeof values['conf-dir'] === 'string' ? { confDir: values['conf-dir'] } : {}),
  });
}

/** A snippet inside the blocks its context implies, so rules see where it will run. */
function inContext(config: Config, context: Context): Config {
  const wrap = (directive: string, block: Config, args: string[] = []): Config => [
    { directive, args, block },
  ];
  if (context === 'main') return config;
  if (context === 'http') return wrap('http', config);
  if (context === 'server') return wrap('http', wrap('server', config));
  return wrap('http', wrap('server', wrap('location', config, ['/'])));
}

/** Where a finding stands: its file, and its line unless it is on a snippet's wrapper. */
interface Where {
  file: string;
  line?: number;
}

const whereText = (w: Where): string => (w.line === undefined ? w.file : `${w.file}:${w.line}`);

/** The file and line of each AST path of `config`. */
function locator(config: Config, loaded: Loaded, file: string): (path: string) => Where {
  const byPath = new Map<string, Directive>(visitAll(config).map((v) => [v.path, v.node]));
  return (path) => loaded.positions.get(byPath.get(path) as Directive) ?? { file };
}

function lintCommand(files: string[], values: Record<string, unknown>): number {
  const failOn = (values['fail-on'] ?? 'low') as Severity;
  const context = (values.context ?? 'main') as Context;
  const all: Array<Problem & { rule: string; severity: Severity } & Where> = [];
  const main = values.in;
  if (typeof main === 'string') {
    // A snippet alone misses what it inherits: lint the whole configuration, keep its part.
    const loaded = load(main, values);
    const where = locator(loaded.config, loaded, main);
    for (const file of files) {
      if (!loaded.files.includes(resolve(file)))
        throw new CliUsageError(
          `${file} is not included by ${main} (it reads ${loaded.files.length} file(s)); fix: name the main file that includes it, or drop --in`,
        );
    }
    const wanted = new Set(files.map((f) => resolve(f)));
    for (const f of lint(loaded.config)) {
      const w = where(f.path);
      if (wanted.has(resolve(w.file))) all.push({ ...f, ...w });
    }
  } else {
    for (const file of files) {
      const loaded = load(file, values);
      const config = inContext(loaded.config, context);
      const where = locator(config, loaded, file);
      for (const f of lint(config)) all.push({ ...f, ...where(f.path) });
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
  else {
    for (const f of all)
      process.stdout.write(
        `${f.severity.toUpperCase()} ${f.rule} ${whereText(f)} ${f.path}: ${f.message}\n  fix: ${f.fix}\n`,
      );
    process.stdout.write(`${all.length} finding${all.length === 1 ? '' : 's'}\n`);
  }
  return all.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
}

function validateCommand(files: string[], values: Record<string, unknown>): number {
  const context = (values.context ?? 'main') as Context;
  const problems: Array<Problem & { where: string }> = [];
  for (const file of files) {
    const loaded = load(file, values);
    const where = locator(loaded.config, loaded, file);
    for (const p of findProblems(loaded.config, { context, plus: values.plus === true }))
      problems.push({ ...p, where: whereText(where(p.path)) });
  }
  if (values.json) process.stdout.write(`${JSON.stringify(problems, null, 2)}\n`);
  else {
    for (const p of problems) process.stdout.write(`${p.where} ${formatProblem(p)}\n`);
    process.stdout.write(problems.length === 0 ? 'ok\n' : `${problems.length} problem(s)\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

function fmtCommand(files: string[], values: Record<string, unknown>): number {
  if (values.write && values.check)
    throw new CliUsageError('fmt: --write and --check exclude each other; fix: choose one');
  let status = 0;
  for (const file of files) {
    const text = file === '-' ? stdinText() : readFileSync(file, 'utf8');
    const out = render(parse(text, file));
    if (values.check) {
      if (out !== text) {
        process.stderr.write(
          `${file}: not canonically formatted (run nginx-dsl fmt --write ${file})\n`,
        );
        status = 1;
      }
    } else if (values.write && file !== '-') {
      // Write next to the file, then rename: a crash never leaves half a config.
      writeFileSync(`${file}.nginx-dsl.tmp`, out);
      renameSync(`${file}.nginx-dsl.tmp`, file);
    } else process.stdout.write(out);
  }
  return status;
}

const RUN: Record<string, (files: string[], values: Record<string, unknown>) => number> = {
  lint: lintCommand,
  validate: validateCommand,
  fmt: fmtCommand,
};

function run(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${usage()}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const spec = COMMANDS[command];
  if (!spec) {
    const guess = closestWord(command, Object.keys(COMMANDS));
    throw new CliUsageError(
      `unknown command "${command}"; fix: ${guess ? `did you mean "${guess}"?` : `use ${Object.keys(COMMANDS).join(', ')}`}`,
    );
  }
  const parsed = commandArgs(command, spec, rest);
  if (parsed === 'help') return 0;
  if (parsed.files.length === 0)
    throw new CliUsageError(
      `${command}: name a file (or - for standard input); fix: ${spec.usage}`,
    );
  return (RUN[command] as (typeof RUN)[string])(parsed.files, parsed.values);
}

// `nginx-dsl lint x | head -1`: the reader went away; that is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(process.exitCode ?? 0);
});
try {
  process.exitCode = run(process.argv.slice(2));
} catch (e) {
  if (e instanceof CliUsageError || e instanceof NginxDslError || e instanceof NginxParseError) {
    process.stderr.write(`nginx-dsl: ${e.message}\n`);
    process.exitCode = 2;
  } else if ((e as NodeJS.ErrnoException).code && (e as NodeJS.ErrnoException).path) {
    const err = e as NodeJS.ErrnoException;
    process.stderr.write(`nginx-dsl: cannot read ${err.path} (${err.code}); fix: check the path\n`);
    process.exitCode = 2;
  } else throw e;
}
