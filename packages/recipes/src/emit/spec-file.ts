// The recipe's recorded input and the schema editors complete it from.
import { recipeSpecSchema } from '../input/schema.js';
import type { RouteModel } from '../model/route-model.js';

/** The spec file in a recipe folder: `generate --config <dir>/ohif-recipes.json` reproduces it. */
export const SPEC_FILE = 'ohif-recipes.json';
/** Its JSON Schema, beside it so `$schema` resolves offline. */
export const SCHEMA_FILE = 'ohif-recipes.schema.json';

export function specFile(model: RouteModel): string {
  return `${JSON.stringify({ $schema: `./${SCHEMA_FILE}`, ...model.input }, null, 2)}\n`;
}

export function schemaFile(): string {
  return `${JSON.stringify(recipeSpecSchema, null, 2)}\n`;
}
