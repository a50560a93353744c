/**
 * A problem with a configuration: where (a directive path such as
 * `http > server[0] > listen`, or a file and line), what is wrong, and how to fix it. The
 * same shape as the other ohif-recipes packages' problems.
 */
export interface Problem {
  path: string;
  message: string;
  fix: string;
}

export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.path}: ` : '';
  return `${where}${p.message} (fix: ${p.fix})`;
}

/** Every error this package throws. `problems` lists all of them when several were collected. */
export class NginxDslError extends Error {
  override readonly name = 'NginxDslError';
  readonly problems: Problem[];

  constructor(problems: Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map(formatProblem).join('\n'));
    this.problems = list;
  }

  get path(): string {
    return this.problems[0]?.path ?? '';
  }
}

/** A syntax error in nginx text, with the 1-based line where it was found. */
export class NginxParseError extends NginxDslError {
  readonly line: number;
  constructor(message: string, line: number, file = '') {
    super({
      path: `${file ? `${file}:` : 'line '}${line}`,
      message,
      fix: 'correct the nginx syntax there (nginx -t reports the same line)',
    });
    this.line = line;
  }
}
