import { parse, type Config, type Directive } from '@ohif-recipes/nginx-dsl';
import { readAppConfigJs } from '@ohif-recipes/viewer-config/node';
import { parse as parseYaml } from 'yaml';
import { synth } from '../src/index.js';
import type { ComposeModel } from '../src/index.js';

/** The recipes every structural test checks: both variants, and a sub-path deployment. */
export const CASES = {
  'nginx-orthanc': { variant: 'nginx-orthanc' },
  'nginx-dcm4chee': { variant: 'nginx-dcm4chee' },
  'nginx-orthanc-subpath': {
    variant: 'nginx-orthanc',
    publicUrl: 'https://pacs.example.org/ohif/',
    httpPort: 8080,
  },
  'nginx-dcm4chee-subpath': {
    variant: 'nginx-dcm4chee',
    publicUrl: 'https://pacs.example.org/ohif/',
    httpPort: 8080,
  },
  'nginx-orthanc-secure': {
    variant: 'nginx-orthanc',
    publicUrl: 'https://pacs.example.org/',
    auth: 'basic',
    tls: true,
  },
} as const;

export type CaseName = keyof typeof CASES;

export interface Recipe {
  files: Map<string, string>;
  nginx: Config;
  appConfig: Record<string, unknown>;
  compose: ComposeModel;
  appConfigName: string;
}

export async function recipe(name: CaseName): Promise<Recipe> {
  const files = await synth(CASES[name]);
  const appConfigName = [...files.keys()].find((k) =>
    /^config\/docker-nginx-.*\.js$/.test(k),
  ) as string;
  return {
    files,
    nginx: parse(files.get('config/nginx.conf') as string),
    appConfig: readAppConfigJs(files.get(appConfigName) as string),
    compose: parseYaml(files.get('docker-compose.yml') as string) as ComposeModel,
    appConfigName,
  };
}

/** Every directive with its ancestors (outermost first). */
export function walk(
  config: readonly Directive[],
  ancestors: Directive[] = [],
): Array<{ node: Directive; ancestors: Directive[] }> {
  return config.flatMap((node) => [
    { node, ancestors },
    ...(node.block ? walk(node.block, [...ancestors, node]) : []),
  ]);
}

export const serverBlock = (c: Config): Directive =>
  walk(c).find((v) => v.node.directive === 'server' && v.node.block)?.node as Directive;

export const locations = (c: Config): Directive[] =>
  (serverBlock(c).block ?? []).filter((d) => d.directive === 'location');

/** The location nginx picks for `uri` (exact, then longest ^~ prefix, regex in order, then longest prefix). */
export function matchLocation(c: Config, uri: string): Directive | undefined {
  const locs = locations(c);
  const exact = locs.find((l) => l.args[0] === '=' && l.args[1] === uri);
  if (exact) return exact;
  const prefixes = locs
    .filter((l) => l.args.length === 1 || l.args[0] === '^~')
    .map((l) => ({ l, p: l.args[l.args.length - 1] as string }))
    .filter(({ p }) => uri.startsWith(p))
    .sort((a, b) => b.p.length - a.p.length);
  const best = prefixes[0];
  if (best && best.l.args[0] === '^~') return best.l;
  const regex = locs.find(
    (l) =>
      (l.args[0] === '~' || l.args[0] === '~*') &&
      new RegExp(l.args[1] as string, l.args[0] === '~*' ? 'i' : '').test(uri),
  );
  return regex ?? best?.l;
}

/** Headers a response from `loc` carries, following nginx's add_header inheritance. */
export function effectiveHeaders(c: Config, loc: Directive): Map<string, string> {
  const own = (d: Directive) => (d.block ?? []).filter((x) => x.directive === 'add_header');
  const chain = [serverBlock(c), loc];
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = own(chain[i] as Directive);
    if (found.length > 0)
      return new Map(found.map((h) => [(h.args[0] as string).toLowerCase(), h.args[1] as string]));
  }
  return new Map();
}

export const child = (d: Directive | undefined, name: string): Directive | undefined =>
  d?.block?.find((x) => x.directive === name);
