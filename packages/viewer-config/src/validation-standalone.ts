// `@ohif-recipes/viewer-config/validate/standalone`: the same checks with the schema compiled
// ahead of time (no ajv, no code generation at run time: fine under a strict CSP).
import check from './generated/app-config-check.js';
import { validator } from './validate.js';

export const { validateAppConfig, assertValidAppConfig } = validator(check);
