import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  resolve: { alias: { '@': root, 'server-only': fileURLToPath(new URL('./lib/testing/server-only-stub.ts', import.meta.url)) } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'components/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['lib/**/*.int.test.ts', 'tests/**/*.int.test.ts'],
          environment: 'node',
          globalSetup: ['./lib/testing/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // One Redis is shared; files use their own key prefixes, but keep CPU for the workers.
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
