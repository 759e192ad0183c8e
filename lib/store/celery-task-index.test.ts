import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '@/lib/adapters/errors';
import { normaliseCeleryState } from './celery-task-index';
import { decodeTaskCursor, encodeTaskCursor } from './redis/celery-task-index';

describe('Celery states onto the normalised ones', () => {
  it('maps every built-in state and keeps custom ones running', () => {
    expect(
      ['PENDING', 'RECEIVED', 'STARTED', 'SUCCESS', 'FAILURE', 'RETRY', 'REVOKED', 'REJECTED', 'PROGRESS'].map((state) =>
        normaliseCeleryState(state),
      ),
    ).toEqual(['waiting', 'waiting', 'active', 'completed', 'failed', 'delayed', 'cancelled', 'failed', 'active']);
    expect(normaliseCeleryState('RECEIVED', true)).toBe('delayed');
  });
});

describe('task index cursors', () => {
  it('round-trips and refuses what it did not issue', () => {
    expect(decodeTaskCursor(encodeTaskCursor(1796168992040, 'abc'))).toEqual({ score: 1796168992040, id: 'abc' });
    expect(() => decodeTaskCursor('nope')).toThrow(InvalidCursorError);
    expect(() => decodeTaskCursor(Buffer.from('{"s":"x","m":"a"}').toString('base64url'))).toThrow(InvalidCursorError);
  });
});
