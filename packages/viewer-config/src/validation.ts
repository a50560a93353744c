// `@ohif-recipes/viewer-config/validate`: the JSON Schema compiled at run time with ajv.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { appConfigSchema } from './schema.js';
import { AJV_OPTIONS, validator } from './validate.js';

export { appConfigSchema };
export const { validateAppConfig, assertValidAppConfig } = validator(
  new Ajv2020(AJV_OPTIONS).compile(appConfigSchema),
);
