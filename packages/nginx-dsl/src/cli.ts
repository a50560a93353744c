#!/usr/bin/env node
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { NginxDslError, formatProblem } from './errors.js';
import { atLeast, lint, SEVERITIES, type Severity } from './lint/index.js';
import { parse } from './parse.js';
import { render } from './render.js';
import { findProblems } from './validate.js';

const USAGE = `usage:
  nginx-dsl lint FILE [--fail-on low|medium|high] [--json]   security/correctness findings
  nginx-dsl validate FILE [--context main|http|server]       check directives against nginx's reference
  nginx-dsl fmt FILE [--write | --check]                     canonical formatting (stdout by default)`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i === -1) return false;
  args.splice(i, 1);
  return true;
}

function readFile(file: string | undefined): string {
  if (!file) throw new UsageError('missing FILE');
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

function run(argv: string[]): number {
  const [command, ...rest] = argv;
  const args = [...rest];
  switch (command) {
    case 'lint': {
      const failOn = (option(args, '--fail-on') ?? 'low') as Severity;
      if (!SEVERITIES.includes(failOn))
        throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
      const json = flag(args, '--json');
      const file = args[0];
      const findings = lint(parse(readFile(file), file));
      if (json) process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
      else {
        for (const f of findings)
          process.stdout.write(
            `${f.severity.toUpperCase()} ${f.rule} ${f.path}: ${f.message}\n  fix: ${f.fix}\n`,
          );
        process.stdout.write(`${findings.length} finding${findings.length === 1 ? '' : 's'}\n`);
      }
      return findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0;
    }
    case 'validate': {
      const context = option(args, '--context') ?? 'main';
      const file = args[0];
      const problems = findProblems(parse(readFile(file), file), { context });
      for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
      process.stdout.write(problems.length === 0 ? 'ok\n' : `${problems.length} problem(s)\n`);
      return problems.length === 0 ? 0 : 1;
    }
    case 'fmt': {
      const write = flag(args, '--write');
      const checkOnly = flag(args, '--check');
      const file = args[0];
      const text = readFile(file);
      const out = render(parse(text, file));
      if (checkOnly) {
        if (out !== text)
          process.stderr.write(
            `${file}: not canonically formatted (run nginx-dsl fmt --write ${file})\n`,
          );
        return out === text ? 0 : 1;
      }
      if (write && file) {
        // Write next to the file, then rename: a crash never leaves half a config.
        writeFileSync(`${file}.nginx-dsl.tmp`, out);
        renameSync(`${file}.nginx-dsl.tmp`, file);
      } else process.stdout.write(out);
      return 0;
    }
    case undefined:
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = run(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(`nginx-dsl: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (e instanceof NginxDslError) {
    process.stderr.write(`nginx-dsl: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
