import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '@/lib/store/celery-task-index';
import { eventMessage, taskEvents, workerEvent } from './testing/events';
import {
  backendMetaToUpdate,
  decodeEnvelope,
  eventsOfMessage,
  exceptionRepr,
  parseIsoUtc,
  pythonRepr,
  reprToJson,
  toAttempts,
  toBrokerMessage,
  toJobRow,
  toTaskRow,
  toQueuedMessage,
  toTaskUpdate,
  toTimelineEvents,
  toWorker,
  toWorkerUpdate,
  workerIsAlive,
} from './map';
import type { CeleryEvent } from './map';

// Captured from a real Celery 5.2.6 prefork worker on Redis (PROTOCOLS.md; task.multi array of one).
const REAL_MULTI =
  '{"body": "W3siaG9zdG5hbWUiOiAidzFAdm0iLCAidXRjb2Zmc2V0IjogMCwgInBpZCI6IDE0MDY5LCAiY2xvY2siOiA2LCAidXVpZCI6ICI0Yzc4MTgzMC1jNDVmLTQ5YTItYWIwMS1lZjY3YWU1ZjVjNGMiLCAicmVzdWx0IjogIjMiLCAicnVudGltZSI6IDAuMDQ3NTUzMjkzOTk5OTUzODk0LCAidGltZXN0YW1wIjogMTc5NjE2ODk5Mi4wMzk2MDI4LCAidHlwZSI6ICJ0YXNrLXN1Y2NlZWRlZCJ9XQ==", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"hostname": "w1@vm"}, "properties": {"delivery_mode": 1, "delivery_info": {"exchange": "celeryev", "routing_key": "task.multi"}, "priority": 0, "body_encoding": "base64", "delivery_tag": "872df67a-df78-42ef-aede-a56232c86106"}}';

describe('kombu envelopes and events', () => {
  it('decodes a real worker task.multi message into its events', () => {
    const events = eventsOfMessage(REAL_MULTI);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'task-succeeded', uuid: '4c781830-c45f-49a2-ab01-ef67ae5f5c4c', result: '3', hostname: 'w1@vm' });
    const update = toTaskUpdate(events[0]!)!;
    expect(update).toMatchObject({ id: '4c781830-c45f-49a2-ab01-ef67ae5f5c4c', state: 'SUCCESS', at: 1796168992040, host: 'w1@vm' });
    expect(update.fields).toMatchObject({ result: '3', worker: 'w1@vm', succeeded: '1796168992040', source: 'events' });
  });

  it('accepts single-object bodies (worker events) and refuses what is not a kombu message', () => {
    const online = eventsOfMessage(eventMessage(workerEvent('worker-online', 'w2@h', 1000), 'worker.online'));
    expect(online.map((event) => event.type)).toEqual(['worker-online']);
    expect(eventsOfMessage('not json')).toEqual([]);
    expect(eventsOfMessage(JSON.stringify({ body: 'e30=', properties: { body_encoding: 'base64' } }))).toEqual([]);
    expect(decodeEnvelope(JSON.stringify({ nobody: 1 }))).toBeNull();
  });

  it('maps task-sent to the client, not the worker, and keeps the queue it names', () => {
    const [sent, received] = taskEvents('t1');
    const fromSent = toTaskUpdate(sent as CeleryEvent)!;
    expect(fromSent.state).toBe('PENDING');
    expect(fromSent.fields.worker).toBeUndefined();
    expect(fromSent.fields.queue).toBe('celery');
    expect(toTaskUpdate(received as CeleryEvent)!.fields).toMatchObject({ worker: 'w1@test', name: 'fixture.add', args: '[1, 2]' });
    expect(toTaskUpdate({ type: 'task-progress', uuid: 'x', timestamp: 1 })!.state).toBe('PROGRESS');
    expect(toTaskUpdate({ type: 'task-started', timestamp: 1 })).toBeNull();
    expect(toTaskUpdate({ type: 'worker-heartbeat', hostname: 'w', timestamp: 1 })).toBeNull();
  });

  it('reads worker events, alive until timestamp + 2·freq and not after worker-offline', () => {
    const beat = toWorkerUpdate(workerEvent('worker-heartbeat', 'w1@h', 100) as CeleryEvent)!;
    expect(beat).toMatchObject({ hostname: 'w1@h', at: 100_000, freq: 2, processed: 7, swVer: '5.2.6' });
    expect(workerIsAlive(beat, 104_000)).toBe(true);
    expect(workerIsAlive(beat, 104_001)).toBe(false);
    const offline = toWorkerUpdate(workerEvent('worker-offline', 'w1@h', 100) as CeleryEvent)!;
    expect(workerIsAlive(offline, 100_000)).toBe(false);
  });
});

describe('result backend records', () => {
  it('reads a real extended FAILURE record, date_done being naive UTC', () => {
    const update = backendMetaToUpdate(
      'id1',
      JSON.stringify({ status: 'FAILURE', result: { exc_type: 'ValueError', exc_message: ['boom'], exc_module: 'builtins' }, traceback: 'Traceback...\nValueError: boom\n', children: [], date_done: '2026-12-01T23:49:53.002077', name: 'fixture.fail', args: ['boom'], kwargs: {}, worker: 'w1@vm', retries: 0, queue: 'celery', task_id: 'id1' }),
    )!;
    expect(update).toMatchObject({ id: 'id1', state: 'FAILURE', at: Date.UTC(2026, 11, 1, 23, 49, 53, 2), type: 'backend' });
    expect(update.fields).toMatchObject({ name: 'fixture.fail', args: "['boom']", kwargs: '{}', exception: "ValueError('boom')", queue: 'celery', worker: 'w1@vm' });
    expect(backendMetaToUpdate('x', 'nope')).toBeNull();
  });

  it('writes JSON the way Python repr does, and reads literal reprs back exactly', () => {
    expect(pythonRepr({ a: [1, 'it\'s', null, true] })).toBe("{'a': [1, 'it\\'s', None, True]}");
    expect(exceptionRepr({ exc_type: 'KeyError', exc_message: ['k'] })).toBe("KeyError('k')");
    expect(reprToJson("{'a': [1, 'x', None, True, -2.5], \"b\": {}}")).toEqual({ a: [1, 'x', null, true, -2.5], b: {} });
    expect(reprToJson('[1, 2,]')).toEqual([1, 2]);
    // Tuples, objects and reprs cut at 1024 characters are not JSON: no guess.
    expect(reprToJson('(1, 2)')).toBeUndefined();
    expect(reprToJson('<object at 0x1>')).toBeUndefined();
    expect(reprToJson("['abc', 'de...")).toBeUndefined();
    expect(parseIsoUtc('2026-01-01T00:00:00+02:00')).toBe(Date.UTC(2025, 11, 31, 22));
  });
});

describe('broker messages', () => {
  it('decodes a queued task message: headers, priority, args as sent', () => {
    const message = toQueuedMessage(
      '{"body": "W1sxLCAxXSwge30sIHsiY2FsbGJhY2tzIjogbnVsbCwgImVycmJhY2tzIjogbnVsbCwgImNoYWluIjogbnVsbCwgImNob3JkIjogbnVsbH1d", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"lang": "py", "task": "fixture.add", "id": "d06f1271", "eta": null, "retries": 0, "root_id": "d06f1271", "parent_id": null, "argsrepr": "[1, 1]", "kwargsrepr": "{}"}, "properties": {"correlation_id": "d06f1271", "delivery_mode": 2, "delivery_info": {"exchange": "", "routing_key": "nobody"}, "priority": 6, "body_encoding": "base64", "delivery_tag": "f9a9"}}',
    )!;
    expect(message).toMatchObject({ id: 'd06f1271', task: 'fixture.add', priority: 6, args: [1, 1], kwargs: {}, argsRepr: '[1, 1]', deliveryTag: 'f9a9' });
    expect(toBrokerMessage(message)).toMatchObject({
      id: 'd06f1271',
      eta: null,
      expires: null,
      group: null,
      args: { json: [1, 1], text: '[1,1]', bytes: 5, truncated: false },
      kwargs: { json: {}, text: '{}', truncated: false },
    });
  });

  it('cuts args too large to ship whole in a peek, and says so', () => {
    const message = toQueuedMessage(
      JSON.stringify({
        body: Buffer.from(JSON.stringify([['x'.repeat(100)], { big: 'y'.repeat(100) }, {}])).toString('base64'),
        'content-encoding': 'utf-8',
        'content-type': 'application/json',
        headers: { task: 't', id: 'i', expires: '2030-01-01T00:00:00+00:00', group: 'g1' },
        properties: { body_encoding: 'base64', delivery_tag: 'd' },
      }),
    )!;
    const peeked = toBrokerMessage(message, 50);
    expect(peeked).toMatchObject({ expires: '2030-01-01T00:00:00+00:00', group: 'g1' });
    expect(peeked.args).toMatchObject({ truncated: true, bytes: JSON.stringify(['x'.repeat(100)]).length });
    expect(peeked.args.json).toBeUndefined();
    expect(peeked.args.text).toHaveLength(50);
    expect(peeked.kwargs.truncated).toBe(true);
  });
});

describe('workers from their reports', () => {
  const record = {
    hostname: 'w1@h',
    type: 'worker-heartbeat' as const,
    at: 1_000_000,
    freq: 2,
    active: 1,
    processed: 42,
    loadavg: [0.5, 0.25, 0.1],
    swIdent: 'py-celery',
    swVer: '5.2.6',
    swSys: 'Linux',
    pid: 99,
    firstSeenAt: 900_000,
  };

  it('carry their heartbeat facts, the pool as last inspected, and when the list forgets them', () => {
    const pool = { size: 2, maxConcurrency: 2, autoscaler: null, inspectedAt: 950_000 };
    expect(toWorker({ ...record, pool }, 1_003_000, [], 86_400_000)).toMatchObject({
      status: 'online',
      ageSeconds: 103,
      heartbeat: {
        at: 1_000_000,
        saidOffline: false,
        processed: 42,
        loadAverage: [0.5, 0.25, 0.1],
        software: 'py-celery 5.2.6 (Linux)',
        forgetAt: 1_000_000 + 86_400_000,
      },
      pool,
    });
    // Offline once two heartbeat intervals passed without one, or at once after worker-offline.
    expect(toWorker(record, 1_004_001, []).status).toBe('offline');
    expect(toWorker({ ...record, type: 'worker-offline' }, 1_000_001, []).heartbeat).toMatchObject({ saidOffline: true, forgetAt: null });
    expect(toWorker(record, 1_000_001, []).pool).toBeUndefined();
  });
});

describe('task records onto the normalised model', () => {
  const record = (over: Partial<TaskRecord> = {}): TaskRecord => ({
    id: 't1',
    state: 'SUCCESS',
    normalisedState: 'completed',
    at: 4_000,
    fields: { name: 'fixture.retry', queue: 'celery', sent: '1000', received: '1100', started: '3000', succeeded: '4000', retries: '1', exception: "Flaky('try 1')\nmore", args: '[1]', kwargs: '{}', argsBytes: '5' },
    log: [
      { at: 1000, type: 'task-sent', host: 'gen@h' },
      { at: 1100, type: 'task-received', host: 'w1@h' },
      { at: 1200, type: 'task-started', host: 'w1@h' },
      { at: 1300, type: 'task-retried', host: 'w1@h' },
      { at: 2900, type: 'task-received', host: 'w1@h' },
      { at: 3000, type: 'task-started', host: 'w1@h' },
      { at: 4000, type: 'task-succeeded', host: 'w1@h' },
    ],
    ...over,
  });

  it('makes a small row: times, runs, no payloads', () => {
    const row = toJobRow(record());
    expect(row).toMatchObject({ id: 't1', queue: 'celery', state: 'completed', nativeState: 'SUCCESS', createdAt: 1000, processedAt: 3000, finishedAt: 4000, attemptsMade: 2, failedReason: null, dataBytes: 5 });
    expect(row).not.toHaveProperty('args');
    const retrying = toJobRow(record({ state: 'RETRY', normalisedState: 'delayed', fields: { ...record().fields, succeeded: undefined } }));
    expect(retrying.failedReason).toBe("Flaky('try 1')");
    expect(toJobRow(record({ fields: {} })).queue).toBe('(unknown)');
  });

  it('makes a task-list row with the previews the list asked for and the time of its state', () => {
    const row = toTaskRow(record({ preview: { args: '[1', kwargs: null } }));
    expect(row).toEqual({
      id: 't1',
      name: 'fixture.retry',
      state: 'completed',
      nativeState: 'SUCCESS',
      queue: 'celery',
      worker: null,
      retries: 1,
      argsPreview: '[1',
      kwargsPreview: null,
      argsBytes: 5,
      sentAt: 1000,
      receivedAt: 1100,
      startedAt: 3000,
      finishedAt: 4000,
      runAt: null,
      stateAt: 4000,
      exception: "Flaky('try 1')",
    });
    expect(toTaskRow(record({ fields: { retries: 'x' } }))).toMatchObject({ retries: 0, name: '(unknown task)', argsPreview: null });
  });

  it('counts one attempt per run', () => {
    expect(toAttempts(record()).map((a) => [a.startedAt, a.finishedAt, a.outcome])).toEqual([
      [1200, 1300, 'failed'],
      [3000, 4000, 'completed'],
    ]);
  });

  it('orders the timeline by time with the canvas around the task', () => {
    const events = toTimelineEvents(record({ fields: { ...record().fields, root: 'r0', parent: 'p1' } }), {
      parent: { id: 'p1', queue: 'celery' },
      children: [{ id: 'c1', queue: 'celery', at: 4000, name: 'fixture.add' }],
    });
    expect(events.map((event) => event.type)).toEqual([
      'canvas-root',
      'canvas-parent',
      'task-sent',
      'task-received',
      'task-started',
      'task-retried',
      'task-received',
      'task-started',
      'task-succeeded',
      'canvas-child',
    ]);
    const times = events.map((event) => event.at!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(events.at(-1)!.child).toEqual({ queue: 'celery', id: 'c1' });
  });
});
