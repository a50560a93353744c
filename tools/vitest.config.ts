import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The generator test builds a copy of the workspace.
    testTimeout: 300_000,
    hookTimeout: 60_000,
  },
});
