/**
 * Preflight for `npm start` / `npm run dev`: validates the configuration (YARDMASTER_CONFIG,
 * YARDMASTER_SOURCES or the REDIS_URL default) and the listen address before Next starts, so a bad
 * setting fails fast with a message that names it. Exit 1 on any problem.
 */
import { ConfigError, loadConfig } from '@/lib/config';
import { stripCredentials } from '@/lib/adapters/errors';
import { checkListenAddress } from './listen-policy';

function main(): number {
  const decision = checkListenAddress({
    host: process.env.HOST ?? '127.0.0.1',
    port: process.env.PORT ?? '3000',
    insecure: process.env.YARDMASTER_INSECURE === '1',
    authConfigured: false,
  });
  if (!decision.ok) {
    console.error(decision.message);
    return 1;
  }
  if (decision.warning) console.warn(`WARNING: ${decision.warning}`);

  try {
    // --config was turned into YARDMASTER_CONFIG by scripts/start.mjs.
    const config = loadConfig(process.env, []);
    const sources = config.sources.map((source) => `${source.id} (${source.kind}, ${stripCredentials(source.kind === 'celery' ? source.broker : source.kind === 'temporal' ? source.address : source.redis)})`);
    console.log(`Config OK: ${sources.join(', ')}${config.readOnly ? ', read-only' : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
