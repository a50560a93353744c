/** One problem with the user's options: the field (`--public-url`, `publicUrl`) and the fix. */
export interface SpecProblem {
  field: string;
  message: string;
  fix: string;
}

export class RecipeError extends Error {
  override readonly name = 'RecipeError';
  constructor(readonly problems: SpecProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message} (fix: ${p.fix})`).join('\n'));
  }
}
