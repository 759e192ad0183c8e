/**
 * The hub of this server process, kept on globalThis so Next's dev reloads do not start a second one
 * (and a second upstream per source). Keyed by the source directory it serves: the app has one
 * (getRegistry()), tests and benches that build their own get their own hub and close it.
 */
import type { LiveDirectory, LiveHubOptions } from './hub';
import { LiveHub } from './hub';

const globalKey = Symbol.for('yardmaster.live-hubs');
type GlobalWithHubs = typeof globalThis & { [globalKey]?: WeakMap<LiveDirectory, LiveHub> };

function hubs(): WeakMap<LiveDirectory, LiveHub> {
  const store = globalThis as GlobalWithHubs;
  store[globalKey] ??= new WeakMap();
  return store[globalKey];
}

/** The hub serving `directory`, created on first use (options apply only then). */
export function liveHubFor(
  directory: LiveDirectory,
  options: Omit<LiveHubOptions, 'directory'> = {},
): LiveHub {
  let hub = hubs().get(directory);
  if (!hub) hubs().set(directory, (hub = new LiveHub({ ...options, directory })));
  return hub;
}

/** Stop the hub of `directory` (its upstreams and streams), if one was started. */
export async function closeLiveHub(directory: LiveDirectory): Promise<void> {
  const hub = hubs().get(directory);
  hubs().delete(directory);
  await hub?.close();
}
