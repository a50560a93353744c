import type { Problem } from '../errors.js';
import type { Directive } from '../types.js';

export type Severity = 'low' | 'medium' | 'high';
export const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high'];

/** A lint finding: a problem (where, what, how to fix it) with its rule and severity. */
export interface Finding extends Problem {
  rule: string;
  severity: Severity;
}

/** A directive in context: its path and the block directives enclosing it, outermost first. */
export interface Visit {
  node: Directive;
  path: string;
  ancestors: readonly Directive[];
}

export interface Rule {
  id: string;
  description: string;
  check(visits: readonly Visit[], config: readonly Directive[]): Finding[];
}

export function atLeast(s: Severity, min: Severity): boolean {
  return SEVERITIES.indexOf(s) >= SEVERITIES.indexOf(min);
}
