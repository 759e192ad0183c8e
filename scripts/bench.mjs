// `npm run bench`: every bench/*.bench.ts in turn, each in its own process (each starts and stops its
// own services). Exits non-zero when a bench crashes; missed budgets are reported by the benches.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benches = readdirSync(new URL('../bench/', import.meta.url))
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench/${name} ===`);
  // react-server: lets modules marked `server-only` load under plain Node, as they do inside Next.
  const run = spawnSync('npx', ['tsx', '--conditions=react-server', `bench/${name}`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.error(`bench/${name} failed (${run.signal ?? `exit ${run.status}`})`);
  }
}
process.exit(failed ? 1 : 0);
