import fc from 'fast-check';
import type { Config, Directive } from '../src/index.js';

/** Characters that matter to nginx's tokenizer, plus unicode and whitespace. */
const HOSTILE_CHARS = [
  '"',
  "'",
  '\\',
  ';',
  '{',
  '}',
  '#',
  ' ',
  '\t',
  '$',
  '${',
  '(',
  ')',
  'n',
  't',
  'r',
  'a',
  'Z',
  '0',
  '/',
  '=',
  '~',
  '*',
  'é',
  '日',
  '😀',
  '\u00a0',
  '\u2028',
];

/** Strings built mostly from the characters nginx treats specially, in any order. */
export const hostileString = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(fc.constantFrom(...HOSTILE_CHARS), { maxLength: 24 })
      .map((a) => a.join('')),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
);

/** Control characters other than tab, CR and LF, or lone surrogates: nothing nginx can read. */
export const UNREPRESENTABLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Strings render must accept in any directive that is not header-valued. */
export const representableString = hostileString.filter((s) => !UNREPRESENTABLE.test(s));

const name = fc.oneof(
  fc.constantFrom('listen', 'server_name', 'return', 'set', 'proxy_pass', 'x'),
  representableString.filter((s) => s !== ''),
);

const leaf: fc.Arbitrary<Directive> = fc
  .record({ directive: name, args: fc.array(representableString, { maxLength: 4 }) })
  .filter((d) => d.directive !== '#');

/** Arbitrary configs (with comments) that render must accept and parse must read back. */
export const config: fc.Arbitrary<Config> = fc.letrec<{ node: Directive; block: Directive[] }>(
  (tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .record({
          directive: name.filter((n) => n !== 'if'),
          args: fc.array(representableString, { maxLength: 3 }),
          block: tie('block'),
        })
        .filter((d) => d.directive !== '#'),
      fc.record({
        directive: fc.constant('if'),
        args: fc.array(representableString, { minLength: 1, maxLength: 3 }),
        block: tie('block'),
      }),
      fc
        .string({ maxLength: 20 })
        .filter((c) => !/[\u0000-\u001f\u007f\ud800-\udfff]/.test(c))
        .map((c): Directive => ({ directive: '#', args: [], comment: c })),
    ),
    block: fc.array(tie('node'), { maxLength: 4 }) as fc.Arbitrary<Directive[]>,
  }),
).block;
