import { browserRootProblem } from './browser-url.js';
import { DICOMWEB_NAMESPACE, MERGE_NAMESPACE } from './data-sources.js';
import { closest, joinPath, type Problem } from './problems.js';
import { isRawJs } from './raw-js.js';
import { KNOWN_TOP_LEVEL } from './schema.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Function-valued options, relative to the config root or to a dicomweb configuration. */
const FUNCTION_OPTIONS = [
  'httpErrorHandler',
  'onConfiguration',
  'whiteLabeling.createLogoComponentFn',
];
const DICOMWEB_FUNCTION_OPTIONS = [
  'onConfiguration',
  'bulkDataURI.transform',
  'requestOptions.auth',
];

function at(obj: Obj, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), obj);
}

function checkFunction(
  value: unknown,
  path: string,
  allowString: boolean,
  issues: Problem[],
): void {
  if (value === undefined || isRawJs(value) || typeof value === 'function') return;
  if (allowString && typeof value === 'string') return;
  issues.push({
    path,
    message: 'must be a function',
    fix: "wrap the code in rawJs('(...) => ...')",
  });
}

/** Rules that span fields, which JSON Schema cannot say. */
export function crossFieldIssues(config: Obj): Problem[] {
  const issues: Problem[] = [];
  const sources = Array.isArray(config.dataSources) ? config.dataSources.filter(isObj) : [];
  const names = sources.map((s) => s.sourceName).filter((n): n is string => typeof n === 'string');

  const seen = new Map<string, number>();
  sources.forEach((s, i) => {
    const n = s.sourceName;
    if (typeof n !== 'string') return;
    if (seen.has(n)) {
      issues.push({
        path: `dataSources[${i}].sourceName`,
        message: `"${n}" is already used by dataSources[${seen.get(n)}]`,
        fix: 'give every data source a unique sourceName',
      });
    } else seen.set(n, i);
  });

  const def = config.defaultDataSourceName;
  if (typeof def === 'string' && !names.includes(def)) {
    issues.push({
      path: 'defaultDataSourceName',
      message: `"${def}" names no data source`,
      fix: names.length
        ? `use one of: ${names.join(', ')}`
        : 'add a data source with this sourceName',
    });
  }

  const basename = config.routerBasename;
  if (typeof basename === 'string') {
    if (!basename.startsWith('/'))
      issues.push({
        path: 'routerBasename',
        message: 'must start with "/"',
        fix: `use "/${basename}"`,
      });
    else if (basename.length > 1 && basename.endsWith('/')) {
      issues.push({
        path: 'routerBasename',
        message: 'must not end with "/"',
        fix: `use "${basename.replace(/\/+$/, '')}"`,
      });
    }
  }

  for (const key of Object.keys(config)) {
    if (KNOWN_TOP_LEVEL.includes(key)) continue;
    const guess = closest(key, KNOWN_TOP_LEVEL, 2);
    if (guess)
      issues.push({ path: key, message: 'is not an OHIF option', fix: `did you mean "${guess}"?` });
  }

  for (const f of FUNCTION_OPTIONS) checkFunction(at(config, f), f, false, issues);

  sources.forEach((s, i) => {
    const conf = s.configuration;
    if (!isObj(conf)) return;
    const base = `dataSources[${i}].configuration`;
    if (s.namespace === DICOMWEB_NAMESPACE) {
      for (const root of ['qidoRoot', 'wadoRoot', 'wadoUriRoot']) {
        const v = conf[root];
        if (typeof v !== 'string') continue;
        const p = browserRootProblem(v);
        if (p) issues.push({ path: joinPath(base, root), message: p.message, fix: p.fix });
      }
      if (conf.imageRendering === 'wadouri' && conf.wadoUriRoot === undefined) {
        issues.push({
          path: joinPath(base, 'wadoUriRoot'),
          message: 'is required when imageRendering is "wadouri"',
          fix: 'set wadoUriRoot, or use imageRendering "wadors"',
        });
      }
      for (const f of DICOMWEB_FUNCTION_OPTIONS)
        checkFunction(at(conf, f), joinPath(base, f), f === 'requestOptions.auth', issues);
    }
    if (s.namespace === MERGE_NAMESPACE) {
      const merged = at(conf, 'seriesMerge.dataSourceNames');
      if (Array.isArray(merged)) {
        merged.forEach((n, j) => {
          if (typeof n === 'string' && !names.includes(n)) {
            issues.push({
              path: `${base}.seriesMerge.dataSourceNames[${j}]`,
              message: `"${n}" names no data source`,
              fix: `use one of: ${names.join(', ')}`,
            });
          }
        });
      }
    }
  });
  return issues;
}
