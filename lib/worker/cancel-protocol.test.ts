import { describe, expect, it } from 'vitest';
import {
  cancelChannel,
  cancelReplyKey,
  parseCancelAck,
  parseCancelRequest,
} from './cancel-protocol';

describe('cancel protocol', () => {
  it('names the channel by prefix and queue, the reply key by request', () => {
    expect(cancelChannel('bull', 'emails')).toBe('yardmaster:cancel:bull:emails');
    expect(cancelReplyKey('r1')).toBe('yardmaster:cancel-ack:r1');
  });
  it('parses requests and acks, and ignores junk without throwing', () => {
    const request = { v: 1, jobId: '7', reason: 'stop', requestId: 'r1', replyKey: 'k' };
    expect(parseCancelRequest(JSON.stringify(request))).toEqual(request);
    expect(parseCancelRequest('{"v":2}')).toBeNull();
    expect(parseCancelRequest('not json')).toBeNull();
    const ack = { v: 1, requestId: 'r1', jobId: '7', worker: 'w', cancelled: true };
    expect(parseCancelAck(JSON.stringify(ack))).toEqual(ack);
    expect(parseCancelAck('[]')).toBeNull();
  });
});
