import { describe, expect, it } from 'vitest';
import { decodeEnvelope, eventsOfMessage, toQueuedMessage } from './map';
import { rawJsonMember, taskMessage, taskSentEvent } from './task-message';

const message = {
  id: 'new-1',
  task: 'fixture.add',
  queue: 'celery',
  argsJson: '[1.0, 123456789012345678901234567890]',
  kwargsJson: '{"k": "v"}',
  argsrepr: '(1.0, 123456789012345678901234567890)',
  kwargsrepr: "{'k': 'v'}",
  rootId: 'root-1',
  parentId: 'old-1',
  origin: 'yardmaster@host',
};

describe('taskMessage', () => {
  it('is a protocol v2 message with the lineage headers and the exact args text in its body', () => {
    const text = taskMessage(message);
    const envelope = decodeEnvelope(text)!;
    expect(envelope.headers).toMatchObject({
      lang: 'py',
      task: 'fixture.add',
      id: 'new-1',
      root_id: 'root-1',
      parent_id: 'old-1',
      retries: 0,
      argsrepr: message.argsrepr,
    });
    expect(envelope.properties).toMatchObject({
      correlation_id: 'new-1',
      delivery_info: { exchange: '', routing_key: 'celery' },
      body_encoding: 'base64',
    });
    const raw = Buffer.from((JSON.parse(text) as { body: string }).body, 'base64').toString('utf8');
    expect(raw.startsWith('[[1.0, 123456789012345678901234567890], {"k": "v"}, {"callbacks": null')).toBe(true);
    expect(toQueuedMessage(text)).toMatchObject({ id: 'new-1', parentId: 'old-1', rootId: 'root-1', kwargs: { k: 'v' } });
  });

  it('is announced by a task-sent event naming its queue', () => {
    const [event] = eventsOfMessage(taskSentEvent(message, 1_700_000_000_000, 3));
    expect(event).toMatchObject({ type: 'task-sent', uuid: 'new-1', parent_id: 'old-1', root_id: 'root-1', queue: 'celery', timestamp: 1_700_000_000, name: 'fixture.add' });
  });
});

describe('rawJsonMember', () => {
  const record = '{"status": "FAILURE", "result": {"exc_type": "ValueError", "exc_message": ["}, ]"]}, "args": [1.0, "a\\"]", {"x": [2]}], "kwargs": {}, "name": "fixture.fail"}';
  it('answers the text of one top-level member as it stands', () => {
    expect(rawJsonMember(record, 'args')).toBe('[1.0, "a\\"]", {"x": [2]}]');
    expect(rawJsonMember(record, 'kwargs')).toBe('{}');
    expect(rawJsonMember(record, 'name')).toBe('"fixture.fail"');
    expect(rawJsonMember(record, 'status')).toBe('"FAILURE"');
  });
  it('answers null for a missing member or what is not a JSON object', () => {
    expect(rawJsonMember(record, 'queue')).toBeNull();
    expect(rawJsonMember('[1]', 'args')).toBeNull();
    expect(rawJsonMember('{"args": [1, }', 'args')).toBeNull();
  });
});
