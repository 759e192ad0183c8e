import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../errors';
import { QueueNames, countsFromGroups, decodeCursor, encodeCursor, quote, stateOfStatus, stateQuery, statusesOfState } from './map';
import { decodePayload, encodeJsonPayload, payloadValue } from './payloads';

describe('Temporal status ↔ state', () => {
  it('maps every execution status, keeping terminated with cancelled and timed out with failed', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(stateOfStatus)).toEqual(['active', 'completed', 'failed', 'cancelled', 'cancelled', 'completed', 'failed', 'paused']);
    expect(statusesOfState('failed')).toEqual(['Failed', 'TimedOut']);
    expect(statusesOfState('delayed')).toEqual([]);
  });

  it('builds a state query with quoted values', () => {
    expect(stateQuery("it's/q", 'completed')).toBe("TaskQueue = 'it\\'s/q' AND ExecutionStatus IN ('Completed', 'ContinuedAsNew')");
    expect(stateQuery('q', 'waiting')).toBeNull();
    expect(quote('a\\b')).toBe("'a\\\\b'");
  });

  it('sums GROUP BY ExecutionStatus groups into states and keeps the native counts', () => {
    const group = (name: string, count: number) => ({ groupValues: [encodeJsonPayload(name)], count });
    const { counts, byStatus } = countsFromGroups([group('Running', 2), group('Terminated', 3), group('Canceled', 1), group('TimedOut', 4)]);
    expect(counts).toMatchObject({ active: 2, cancelled: 4, failed: 4, completed: 0 });
    expect(byStatus).toEqual({ Running: 2, Terminated: 3, Canceled: 1, TimedOut: 4 });
  });
});

describe('QueueNames', () => {
  it('uses the task queue alone with one namespace, namespace/task queue with several', () => {
    const one = new QueueNames(['default']);
    expect(one.name('default', 'a/b')).toBe('a/b');
    expect(one.parse('a/b')).toEqual({ namespace: 'default', taskQueue: 'a/b' });
    const many = new QueueNames(['orders', 'billing']);
    expect(many.name('billing', 'q')).toBe('billing/q');
    expect(many.parse('billing/q/x')).toEqual({ namespace: 'billing', taskQueue: 'q/x' });
    expect(many.parse('other/q')).toBeNull();
    expect(many.parse('q')).toBeNull();
  });
});

describe('cursors', () => {
  it('round-trips and refuses what it did not issue', () => {
    const cursor = encodeCursor({ p: 'dG9rZW4=', q: 'abc' });
    expect(decodeCursor(cursor, (value) => value.q === 'abc')).toEqual({ p: 'dG9rZW4=', q: 'abc' });
    expect(() => decodeCursor(cursor, (value) => value.q === 'other')).toThrow(InvalidCursorError);
    expect(() => decodeCursor('%%%', () => true)).toThrow(InvalidCursorError);
  });
});

describe('payloads', () => {
  it('decodes the standard encodings and describes what it cannot', () => {
    expect(payloadValue(decodePayload(encodeJsonPayload({ a: [1, 'x'] })))).toEqual({ a: [1, 'x'] });
    expect(payloadValue(decodePayload(encodeJsonPayload(undefined)))).toBeNull();
    const proto = { metadata: { encoding: Buffer.from('json/protobuf'), messageType: Buffer.from('acme.Order') }, data: Buffer.from('{"id":"7"}') };
    expect(payloadValue(decodePayload(proto))).toEqual({ id: '7' });
    const binary = { metadata: { encoding: Buffer.from('binary/plain') }, data: Buffer.from([1, 2, 3]) };
    expect(payloadValue(decodePayload(binary))).toEqual({ encoding: 'binary/plain', messageType: null, bytes: 3, base64: 'AQID' });
    const encrypted = { metadata: { encoding: Buffer.from('binary/encrypted') }, data: Buffer.from('secret') };
    expect(payloadValue(decodePayload(encrypted))).toMatchObject({ encoding: 'binary/encrypted', undecoded: true, bytes: 6 });
    const broken = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{not json') };
    expect(decodePayload(broken).kind).toBe('opaque');
  });
});
