import { describe, expect, it } from 'vitest';
import { Worker } from '../types';
import { parseClientList, toWorkers, workerConnections, workerCountsByQueue } from './workers';

const b64 = (name: string) => Buffer.from(name).toString('base64');

// Shaped like a real Redis 7 CLIENT LIST with BullMQ 5 and 6 workers on it.
const clientList = [
  `id=4 addr=127.0.0.1:36170 laddr=127.0.0.1:35487 fd=8 name= age=2 idle=0 flags=N db=0 cmd=evalsha`,
  `id=11 addr=127.0.0.1:36242 laddr=127.0.0.1:35487 fd=10 name=app:p6:${b64('a b/c')}:w:wk1 age=7 idle=1 flags=N db=0 cmd=bzpopmin`,
  `id=9 addr=127.0.0.1:36222 laddr=127.0.0.1:35487 fd=13 name=bull:${b64('v5q')} age=2 idle=2 flags=b db=0 cmd=bzpopmin`,
  `id=12 addr=127.0.0.1:36250 fd=14 name=bull:${b64('v5q')}:qe age=2 idle=2 cmd=xread`,
  `id=13 addr=127.0.0.1:36252 fd=15 name=bull:x:${b64('v5q')} age=2 idle=2 cmd=bzpopmin`,
  `id=14 addr=127.0.0.1:36254 fd=16 name=yardmaster:main age=2 idle=2 cmd=client|list`,
].join('\n');

describe('CLIENT LIST → workers', () => {
  const entries = parseClientList(clientList);

  it('parses every connection', () => {
    expect(entries).toHaveLength(6);
    expect(entries[1]).toEqual({
      id: '11',
      name: `app:p6:${b64('a b/c')}:w:wk1`,
      addr: '127.0.0.1:36242',
      ageSeconds: 7,
      idleSeconds: 1,
    });
    expect(entries[0]!.name).toBe('');
  });

  it('counts named and unnamed workers, not QueueEvents, other prefixes or the dashboard', () => {
    expect(workerCountsByQueue(workerConnections(entries, 'bull', new Set(['v5q'])))).toEqual(
      new Map([['v5q', 1]]),
    );
    expect(workerCountsByQueue(workerConnections(entries, 'app:p6', new Set(['a b/c'])))).toEqual(
      new Map([['a b/c', 1]]),
    );
    expect(workerConnections(entries, 'bull:x', new Set(['v5q']))).toHaveLength(1);
    expect(workerConnections(entries, 'bull', new Set(['other']))).toHaveLength(0);
  });

  it('names workers by their BullMQ name, else by queue and client id', () => {
    const workers = toWorkers([
      ...workerConnections(entries, 'app:p6', new Set(['a b/c'])),
      ...workerConnections(entries, 'bull', new Set(['v5q'])),
    ]);
    for (const worker of workers) Worker.parse(worker);
    expect(workers.map((worker) => [worker.name, worker.queues])).toEqual([
      ['wk1', ['a b/c']],
      ['v5q worker #9', ['v5q']],
    ]);
  });
});
