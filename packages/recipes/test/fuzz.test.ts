import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '@ohif-recipes/nginx-dsl';
import { readAppConfigJs } from '@ohif-recipes/viewer-config/node';
import { validateAppConfig } from '@ohif-recipes/viewer-config/validate';
import { nginxConfig, RecipeError, resolveRecipe, synth } from '../src/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
const HOSTILE = [
  '"',
  "'",
  '\\',
  ';',
  '{',
  '}',
  '#',
  ' ',
  '\t',
  '\n',
  '$',
  '${x}',
  '%0d%0a',
  '..',
  '/',
  '?',
  '@',
  ':',
  'é',
  'a',
  '-',
  '.',
  '~',
];
const hostile = fc.array(fc.constantFrom(...HOSTILE), { maxLength: 10 }).map((a) => a.join(''));

const segment = fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/);
const plausibleUrl = fc
  .tuple(
    fc.constantFrom('http', 'https'),
    fc.domain(),
    fc.option(fc.integer({ min: 1, max: 65535 })),
    fc.array(segment, { maxLength: 3 }),
  )
  .map(
    ([s, d, p, segs]) =>
      `${s}://${d}${p === null ? '' : `:${p}`}/${segs.map((x) => `${x}/`).join('')}`,
  );
const publicUrl = fc.oneof(
  { weight: 3, arbitrary: plausibleUrl },
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc
    .tuple(
      fc.constantFrom('http://', 'https://', 'ftp://', ''),
      fc.domain(),
      fc.option(fc.integer({ min: 0, max: 70000 })),
      hostile,
    )
    .map(([s, d, p, path]) => `${s}${d}${p === null ? '' : `:${p}`}/${path}`),
);
const pacsPath = fc.oneof(hostile, {
  weight: 3,
  arbitrary: fc.array(segment, { minLength: 1, maxLength: 2 }).map((a) => a.join('/')),
});

describe('hostile CLI options (property-based)', () => {
  it(`--public-url / --pacs-path are rejected or rendered exactly as the route model intends (${RUNS} runs)`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('nginx-orthanc', 'nginx-dcm4chee'),
        publicUrl,
        pacsPath,
        async (variant, url, pacs) => {
          const spec = { variant, publicUrl: url, pacsPath: pacs };
          let files: Map<string, string>;
          try {
            files = await synth(spec);
          } catch (e) {
            expect(e).toBeInstanceOf(RecipeError);
            expect(
              (e as RecipeError).problems.every(
                (p) => ['publicUrl', 'pacsPath'].includes(p.path) && p.fix,
              ),
            ).toBe(true);
            return;
          }
          accepted++;
          const { model, variant: v } = resolveRecipe(spec);
          // The text nginx reads is exactly the AST the route model produced: nothing injected.
          expect(
            parse(files.get('config/nginx.conf') as string).filter((d) => d.directive !== '#'),
          ).toEqual(nginxConfig(model));
          // Every path the model derived is a plain, slash-delimited path (an exact route, such
          // as WADO-URI, names an endpoint without the trailing slash).
          expect(model.viewer.basePath).toMatch(/^\/([A-Za-z0-9._~-]+\/)*$/);
          for (const r of model.routes)
            expect(r.path).toMatch(
              r.exact ? /^\/([A-Za-z0-9._~-]+\/)*[A-Za-z0-9._~-]+$/ : /^\/([A-Za-z0-9._~-]+\/)*$/,
            );
          const app = readAppConfigJs(files.get(`config/${v.appConfigName}`) as string);
          expect(validateAppConfig(app)).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 5);
    console.log(
      `hostile options: ${RUNS} tried, ${accepted} accepted and rendered exactly, ${RUNS - accepted} rejected`,
    );
  });
});
