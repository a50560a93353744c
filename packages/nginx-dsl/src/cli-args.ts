// The CLI's argument handling on node:util's parseArgs: per-command help, choices, and
// every mistake reported in this project's words with a fix ("did you mean").
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in help: `S`, `DIR`. */
  value?: string;
  help: string;
  choices?: readonly string[];
}

export interface CommandSpec {
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
}

/** A mistake on the command line: exit 2, one line. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The candidate within `max` edits of `word` (the nearest), if any. */
export function closestWord(
  word: string,
  candidates: readonly string[],
  max = 3,
): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0] as number;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j] as number;
        row[j] = Math.min(
          cur + 1,
          (row[j - 1] as number) + 1,
          prev + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
        prev = cur;
      }
    }
    return row[b.length] as number;
  };
  let best: [string, number] | undefined;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d <= max && (!best || d < best[1])) best = [c, d];
  }
  return best?.[0];
}

export function commandHelp(name: string, spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(
    ([flag, o]) => [`--${flag}${o.value ? ` ${o.value}` : ''}`, o.help] as const,
  );
  rows.push(['--help', 'this help']);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `usage: ${spec.usage}`,
    '',
    `${name}: ${spec.summary}`,
    '',
    ...rows.map(([l, h]) => `  ${l.padEnd(width)}${h}`),
  ].join('\n');
}

/**
 * The files and option values of `command`'s arguments, or `'help'` once its help is
 * printed. Unknown options, missing values and values outside an option's choices are
 * CliUsageErrors naming the option and the fix.
 */
export function commandArgs(
  command: string,
  spec: CommandSpec,
  args: string[],
): { files: string[]; values: Record<string, unknown> } | 'help' {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([k, o]) => [k, { type: o.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = closestWord(flag.replace(/^-+/, ''), Object.keys(spec.options));
      throw new CliUsageError(
        `${command}: unknown option ${flag}; fix: ${guess ? `did you mean --${guess}?` : `see nginx-dsl ${command} --help`}`,
      );
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const o = spec.options[flag.replace(/^-+/, '')];
      throw new CliUsageError(
        o?.type === 'boolean'
          ? `${command}: ${flag} takes no value; fix: write ${flag} alone`
          : `${command}: ${flag} needs a value; fix: ${flag} ${o?.choices?.join('|') ?? o?.value ?? 'VALUE'}`,
      );
    }
    throw new CliUsageError(`${command}: ${err.message}; fix: see nginx-dsl ${command} --help`);
  }
  if (parsed.values.help) {
    process.stdout.write(`${commandHelp(command, spec)}\n`);
    return 'help';
  }
  for (const [flag, o] of Object.entries(spec.options)) {
    const v = parsed.values[flag];
    if (o.choices && typeof v === 'string' && !o.choices.includes(v))
      throw new CliUsageError(
        `${command}: --${flag} "${v}" is not one of ${o.choices.join(', ')}; fix: --${flag} ${o.choices.join('|')}`,
      );
  }
  return { files: parsed.positionals, values: parsed.values };
}
