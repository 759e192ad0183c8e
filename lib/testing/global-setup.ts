/** Integration tests: one real redis-server per run, on a free port, unless TEST_REDIS_URL is given. */
import type { TestProject } from 'vitest/node';
// @ts-expect-error -- plain ESM helper shared with the demo and bench scripts
import { startRedis } from '../../scripts/services.mjs';

export default async function setup(project: TestProject) {
  if (process.env.TEST_REDIS_URL) {
    project.provide('redisUrl', process.env.TEST_REDIS_URL);
    return;
  }
  const redis = await startRedis();
  project.provide('redisUrl', redis.url);
  return async () => {
    await redis.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}
