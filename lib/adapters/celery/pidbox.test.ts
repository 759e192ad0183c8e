import { describe, expect, it } from 'vitest';
import { decodeEnvelope } from './map';
import { broadcastMessage, parseReply, replyRoute } from './pidbox';

const keys = { prefix: 'app:', db: 3, prioritySteps: [0, 3, 6, 9] };

describe('pidbox envelopes', () => {
  it('ask for replies with a ticket and our reply queue, destination and arguments in the body', () => {
    const envelope = decodeEnvelope(
      broadcastMessage('pool_grow', { arguments: { n: 1 }, destination: ['w1@h'], clock: 7, now: 1_000_000, ttlSeconds: 3, reply: { ticket: 'T', oid: 'O' } }),
    )!;
    expect(envelope.body).toEqual({
      method: 'pool_grow',
      arguments: { n: 1 },
      destination: ['w1@h'],
      pattern: null,
      matcher: null,
      ticket: 'T',
      reply_to: { exchange: 'reply.celery.pidbox', routing_key: 'O' },
    });
    expect(envelope.headers).toEqual({ clock: 7, expires: 1003 });
    expect(decodeEnvelope(broadcastMessage('enable_events'))!.body).not.toHaveProperty('reply_to');
  });

  it('route replies through the reply binding to a list named by the oid, prefixed like every key', () => {
    expect(replyRoute(keys, 'O')).toEqual({
      list: 'app:O.reply.celery.pidbox',
      binding: 'app:_kombu.binding.reply.celery.pidbox',
      member: 'O\x06\x16\x06\x16O.reply.celery.pidbox',
    });
  });

  it("read a worker's reply: its ticket and {hostname: answer}", () => {
    const reply = JSON.stringify({
      body: Buffer.from(JSON.stringify({ 'w1@h': { ok: 'pool will grow' } })).toString('base64'),
      'content-encoding': 'utf-8',
      'content-type': 'application/json',
      headers: { ticket: 'T', clock: 9 },
      properties: { body_encoding: 'base64', delivery_tag: 'x' },
    });
    expect(parseReply(reply)).toEqual({ ticket: 'T', replies: { 'w1@h': { ok: 'pool will grow' } } });
    expect(parseReply('nope')).toBeNull();
  });
});
