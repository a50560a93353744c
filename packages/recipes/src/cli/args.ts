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
      // A third of the word may differ: "--bogus" suggests nothing, "--publc-url" --public-url.
      const guess = closest(name, Object.keys(options), Math.max(1, Math.floor(name.length / 3)));
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
