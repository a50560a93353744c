import type { AppConfig } from './app-config.js';

/** Identity, for inference and editor help: `export default defineConfig({ ... })`. */
export function defineConfig<const C extends AppConfig>(config: C & AppConfig): C {
  return config;
}
