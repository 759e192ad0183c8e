// The command line of `yardmaster` (`npx yardmaster`, `npm start -- …`): flags → settings, with a
// clear error for each bad flag. Pure: no I/O, so scripts/cli-args.test.ts pins every case.

export const USAGE = `Usage: yardmaster [options]

Serve the Yardmaster dashboard, REST API and live feed (a production build must exist:
npm run build).

Options:
  --config <file>       configuration file (same as YARDMASTER_CONFIG)
  --host <address>      address to listen on (default 127.0.0.1; same as HOST)
  --port <number>       port to listen on (default 3000; same as PORT)
  --base-path <prefix>  path prefix the build was made for, e.g. /admin/jobs (checked against the
                        build; build with YARDMASTER_BASE_PATH=<prefix> npm run build)
  --read-only           refuse every action, on every source (same as YARDMASTER_READ_ONLY=1)
  --dev                 run Next's development server instead of the build
  -h, --help            show this help
  -v, --version         print the version`;

export class CliError extends Error {}

const VALUE_FLAGS = new Set(['--config', '--host', '--port', '--base-path']);

/** argv (without node and script) → options; throws CliError naming the flag. */
export function parseCliArgs(argv) {
  const options = { dev: false, readOnly: false, help: false, version: false, config: undefined, host: undefined, port: undefined, basePath: undefined };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(name)) {
      let value;
      if (eq > 0 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else {
        value = argv[index + 1];
        index += 1;
      }
      if (value === undefined || value === '' || (value.startsWith('--') && eq < 0)) throw new CliError(`${name} needs a value.`);
      setValue(options, name, value);
    } else if (arg === '--dev') options.dev = true;
    else if (arg === '--read-only') options.readOnly = true;
    else if (arg === '-h' || arg === '--help') options.help = true;
    else if (arg === '-v' || arg === '--version') options.version = true;
    else throw new CliError(`Unknown option: ${arg}`);
  }
  return options;
}

function setValue(options, name, value) {
  switch (name) {
    case '--config':
      options.config = value;
      return;
    case '--host':
      options.host = value;
      return;
    case '--port': {
      const port = Number(value);
      if (!/^\d+$/.test(value) || port < 1 || port > 65_535) throw new CliError(`--port must be a number from 1 to 65535, not "${value}".`);
      options.port = String(port);
      return;
    }
    case '--base-path':
      options.basePath = normaliseBasePath(value);
      return;
  }
}

/** `/admin/jobs/` → `/admin/jobs`; `/` → `` (no prefix); refuses what Next would not accept. */
export function normaliseBasePath(value) {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!trimmed.startsWith('/')) throw new CliError(`--base-path must start with "/", like /admin/jobs, not "${value}".`);
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(trimmed)) {
    throw new CliError(`--base-path "${value}" may hold only letters, digits and . _ ~ - between slashes.`);
  }
  return trimmed;
}

/** Null when the build serves `wanted`; otherwise what to tell the user. */
export function basePathMismatch(wanted, built) {
  const want = wanted ?? '';
  const have = built ?? '';
  if (want === have) return null;
  const describe = (path) => (path === '' ? 'no base path' : `base path ${path}`);
  return (
    `This build was made for ${describe(have)}, but ${describe(want)} was asked for. ` +
    `Next fixes the base path at build time; rebuild with YARDMASTER_BASE_PATH=${want || '""'} npm run build.`
  );
}
