import type { ErrorObject } from 'ajv';
import { closest, joinPath, pointerToPath, AppConfigError, type Problem } from './problems.js';
import { crossFieldIssues } from './rules.js';
import type { AppConfig } from './app-config.js';

/** A compiled JSON Schema check as ajv makes it, at run time or ahead of time (standalone). */
export interface SchemaCheck {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** How the schema is compiled: `allErrors` and `verbose` (fixes name the known keys). */
export const AJV_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

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
        message: `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(p.limit)}`,
        fix: `use a value ${String(p.comparison)} ${String(p.limit)}`,
      };
    case 'minLength':
      return { path, message: 'must not be empty', fix: 'give it a value' };
    default:
      // In our words, never ajv's: name the rule the value breaks.
      return {
        path,
        message: `breaks the schema's "${e.keyword}" rule`,
        fix: "see OHIF's configuration documentation for this option",
      };
  }
}

export interface Validator {
  /** Every problem in `value` as an OHIF app config: schema errors, then cross-field rules. */
  validateAppConfig(value: unknown): Problem[];
  /** Throws `AppConfigError` listing every issue; returns the config typed when there are none. */
  assertValidAppConfig(value: unknown): AppConfig;
}

/** The validator over a compiled schema check. */
export function validator(check: SchemaCheck): Validator {
  const validateAppConfig = (value: unknown): Problem[] => problems(check, value);
  return {
    validateAppConfig,
    assertValidAppConfig(value) {
      const issues = validateAppConfig(value);
      if (issues.length > 0) throw new AppConfigError(issues);
      return value as AppConfig;
    },
  };
}

function problems(check: SchemaCheck, value: unknown): Problem[] {
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
