import { describe, expect, it } from 'vitest';
import { broadcastMessage } from './pidbox';
import { dbOf, eventPattern, parseBinding, pidboxChannel, priorityLists, unackedKey } from './keys';
import { decodeEnvelope } from './map';
import { toLiveJobEvent } from './live';

describe('kombu key names', () => {
  const keys = { prefix: '', db: 2, prioritySteps: [0, 3, 6, 9] };

  it('names the priority sub-lists as kombu does (<queue>\\x06\\x16<step>)', () => {
    expect(priorityLists(keys, 'mail:out')).toEqual(['mail:out', 'mail:out\x06\x163', 'mail:out\x06\x166', 'mail:out\x06\x169']);
    expect(priorityLists({ ...keys, prioritySteps: [5] }, 'q')).toEqual(['q', 'q\x06\x165']);
  });

  it('prefixes keys and channels with global_keyprefix and reads the db from the URL', () => {
    const prefixed = { ...keys, prefix: 'app1:' };
    expect(unackedKey(prefixed)).toBe('app1:unacked');
    expect(eventPattern(prefixed)).toBe('app1:/2.celeryev/*');
    expect(pidboxChannel(keys)).toBe('/2.celery.pidbox');
    expect(dbOf('redis://h:6379/4')).toBe(4);
    expect(dbOf('redis://h:6379')).toBe(0);
  });

  it('reads a binding entry (routing key, pattern, queue)', () => {
    expect(parseBinding('celery\x06\x16\x06\x16celery')).toEqual({ routingKey: 'celery', queue: 'celery' });
    expect(parseBinding('garbage')).toBeNull();
  });
});

describe('pidbox broadcast', () => {
  it('is a kombu envelope for every worker with an expiry', () => {
    const envelope = decodeEnvelope(broadcastMessage('enable_events', { now: 10_000, clock: 3 }))!;
    expect(envelope.body).toEqual({ method: 'enable_events', arguments: {}, destination: null, pattern: null, matcher: null });
    expect(envelope.headers).toEqual({ clock: 3, expires: 20 });
    expect(envelope.properties).toMatchObject({ delivery_info: { exchange: 'celery.pidbox', routing_key: '' }, body_encoding: 'base64' });
  });
});

describe('live job events', () => {
  it('names the event by its Celery state and the lists it touched', () => {
    expect(toLiveJobEvent({ id: 't', queue: 'q', state: 'completed', nativeState: 'SUCCESS', previous: 'active', at: 5 })).toEqual({
      queue: 'q', id: 't', event: 'task-succeeded', state: 'completed', touched: ['active', 'completed'], at: 5,
    });
    expect(toLiveJobEvent({ id: 't', queue: 'q', state: 'waiting', nativeState: 'PENDING', previous: null, at: 1 }).touched).toEqual(['waiting']);
  });
});
