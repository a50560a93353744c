import { RECIPE_OPTIONS } from './option-table.js';

/** The schema of each spec field, nested fields under their parent object (`dicom`). */
function properties(): Record<string, object> {
  const top: Record<string, object> = {};
  const nested: Record<string, Record<string, object>> = {};
  for (const o of RECIPE_OPTIONS) {
    if (!o.schema) continue;
    const [head, child] = o.path.split('.') as [string, string | undefined];
    const schema = { ...o.schema, description: o.help };
    if (child) (nested[head] ??= {})[child] = schema;
    else top[head] = schema;
  }
  for (const [head, children] of Object.entries(nested))
    top[head] = { type: 'object', additionalProperties: false, properties: children };
  return top;
}

/** JSON Schema of a recipe spec file (`--config spec.json`), made from the option table. */
export const recipeSpecSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'ohif-recipes recipe spec',
  type: 'object',
  additionalProperties: false,
  required: ['variant'],
  properties: {
    $schema: { type: 'string', description: 'where editors find this schema' },
    variant: { type: 'string', description: 'the recipe to generate (ohif-recipes list)' },
    ...properties(),
  },
} as const;
