/**
 * One problem with the user's options: where (the spec field, `publicUrl`, `dicom.port`; the
 * CLI shows the flag the user typed), what is wrong, and how to fix it. The same shape as
 * the nginx-dsl and viewer-config problems.
 */
export interface Problem {
  path: string;
  message: string;
  fix: string;
}

export class RecipeError extends Error {
  override readonly name = 'RecipeError';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message} (fix: ${p.fix})`).join('\n'));
  }
}
