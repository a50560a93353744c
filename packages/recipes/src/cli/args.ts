// parseArgs for every ohif-recipes command: strict, `--help` on each, and every mistake in
// this project's words with the fix ("did you mean"), never the parser's.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '@ohif-recipes/viewer-config';
import { UsageError } from './options.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{
    args: string[];
    allowPositionals: true;
    strict: true;
    options: O & { help: { type: 'boolean'; short: 'h' } };
  }>
>;

/**
 * The candidate `word` was probably meant to be, for a "did you mean": a third of the word
 * may differ, so "--bogus" suggests nothing and "--publc-url" suggests --public-url.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  return closest(word, candidates, Math.max(1, Math.floor(word.length / 3)));
}

/** `command`'s arguments parsed with `options` (and `--help`/`-h`). */
export function parseCommand<O extends Options>(
  command: string,
  options: O,
  args: string[],
): Parsed<O> {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & {
        help: { type: 'boolean'; short: 'h' };
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const flag = /'(-{1,2}[^' ]+)/.exec(err.message)?.[1] ?? '';
    const name = flag.replace(/^-+/, '');
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const guess = suggest(name, Object.keys(options));
      throw new UsageError(
        `${command}: unknown option ${flag}; fix: ${guess ? `did you mean --${guess}?` : `see ohif-recipes ${command} --help`}`,
      );
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(
        options[name]?.type === 'boolean'
          ? `${command}: ${flag} takes no value; fix: write ${flag} alone`
          : `${command}: ${flag} needs a value; fix: see ohif-recipes ${command} --help`,
      );
    throw new UsageError(`${command}: ${err.message}; fix: see ohif-recipes ${command} --help`);
  }
}
