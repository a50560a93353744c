import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import { closest, joinPath, pointerToPath, AppConfigError, type Problem } from './problems.js';
import { crossFieldIssues } from './rules.js';
import { appConfigSchema } from './schema.js';
import type { AppConfig } from './app-config.js';

const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
const check = ajv.compile(appConfigSchema);

function knownKeys(e: ErrorObject): string[] {
  const parent = e.parentSchema as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(parent?.properties ?? {});
}

function toIssue(e: ErrorObject): Problem | undefined {
  const path = pointerToPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
    case 'oneOf':
      return undefined;
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const guess = closest(key, knownKeys(e));
      return {
        path: joinPath(path, key),
        message: 'is not a known option here',
        fix: guess ? `did you mean "${guess}"?` : 'remove it',
      };
    }
    case 'required':
      return {
        path: joinPath(path, String(p.missingProperty)),
        message: 'is required',
        fix: 'add it',
      };
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { path, message: `must be one of ${allowed}`, fix: `use one of ${allowed}` };
    }
    case 'type': {
      const type = [p.type].flat().join(' or ');
      return { path, message: `must be ${type}`, fix: `give it a value of type ${type}` };
    }
    case 'minimum':
    case 'maximum':
      return {
        path,
        message: e.message ?? e.keyword,
        fix: `use a value ${String(p.comparison)} ${String(p.limit)}`,
      };
    default:
      return {
        path,
        message: e.message ?? e.keyword,
        fix: "see OHIF's configuration documentation for this option",
      };
  }
}

/** Every problem in `value` as an OHIF app config: schema errors, then cross-field rules. */
export function validateAppConfig(value: unknown): Problem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [
      {
        path: '',
        message: 'must be an object',
        fix: 'write the app config as window.config = { ... }',
      },
    ];
  }
  const issues: Problem[] = [];
  if (!check(value)) {
    const seen = new Set<string>();
    for (const e of check.errors ?? []) {
      const issue = toIssue(e);
      const key = issue && `${issue.path}|${issue.message}`;
      if (issue && key && !seen.has(key)) {
        seen.add(key);
        issues.push(issue);
      }
    }
  }
  return [...issues, ...crossFieldIssues(value as Record<string, unknown>)];
}

/** Throws `AppConfigError` listing every issue; returns the config typed when there are none. */
export function assertValidAppConfig(value: unknown): AppConfig {
  const issues = validateAppConfig(value);
  if (issues.length > 0) throw new AppConfigError(issues);
  return value as AppConfig;
}
