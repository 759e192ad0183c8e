import { describe, expect, it } from 'vitest';
import { DeadLetterRetryBody, MatchingActionBody, SearchQuery } from '@/lib/api/schemas';
import {
  deadLetterSearch,
  emptyJobFilterForm,
  isFilterEmpty,
  parseDeadLetterFilter,
  parseIds,
  parseLocalTime,
  toDeadLetterQuery,
  toDeadLetterRetryBody,
  toMatchingBody,
  toSearchQuery,
} from './job-filter';

const form = (patch: Partial<ReturnType<typeof emptyJobFilterForm>>) => ({
  ...emptyJobFilterForm(),
  ...patch,
});

describe('job filter form → API', () => {
  it('an empty form filters nothing and still names the state and scan limit', () => {
    expect(isFilterEmpty(form({}))).toBe(true);
    expect(toMatchingBody(form({}))).toEqual({
      state: 'failed',
      filter: {},
      scanLimit: 10_000,
      dryRun: false,
    });
    expect(toSearchQuery(form({}))).toEqual({
      state: 'failed',
      ids: undefined,
      scanLimit: 10_000,
      limit: 50,
    });
  });

  it('trims text fields and leaves blank ones out', () => {
    const body = toMatchingBody(form({ text: '  acme ', name: ' ', reason: 'SMTP 550' }));
    expect(body.filter).toEqual({ q: 'acme', reason: 'SMTP 550' });
  });

  it('splits ids on commas, spaces and new lines, without duplicates', () => {
    expect(parseIds('1, 2\n3  2,,')).toEqual(['1', '2', '3']);
    expect(toMatchingBody(form({ ids: '7 8' })).filter).toEqual({ ids: ['7', '8'] });
    expect(toSearchQuery(form({ ids: '7 8' })).ids).toBe('7,8');
  });

  it('turns datetime-local values into epoch ms and ignores junk', () => {
    expect(parseLocalTime('2025-01-15T12:00')).toBe(new Date('2025-01-15T12:00').getTime());
    expect(parseLocalTime('')).toBeUndefined();
    expect(parseLocalTime('not a date')).toBeUndefined();
  });

  it('produces bodies and queries the server schemas accept, meaning the same filter', () => {
    const typed = form({
      state: 'delayed',
      text: 'x',
      name: 'welcome',
      ids: 'a,b',
      from: '2025-01-01T00:00',
      scanLimit: 500,
    });
    const body = MatchingActionBody.parse(toMatchingBody(typed, true));
    const query = SearchQuery.parse(
      Object.fromEntries(
        Object.entries(toSearchQuery(typed, 20))
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => [key, String(value)]),
      ),
    );
    expect(body.dryRun).toBe(true);
    expect(query).toMatchObject({ state: body.state, scanLimit: body.scanLimit, limit: 20 });
    const { state: _state, scanLimit: _scan, limit: _limit, ...queryFilter } = query;
    expect(queryFilter).toEqual(body.filter);
  });
});

describe('dead-letter filter', () => {
  it('round-trips through the URL, leaving empty fields out', () => {
    const filter = { source: 'main', queue: 'a/b c', name: '', reason: 'SMTP' };
    const search = deadLetterSearch(filter);
    expect(search).toBe('?source=main&queue=a%2Fb+c&reason=SMTP');
    expect(parseDeadLetterFilter(new URLSearchParams(search))).toEqual(filter);
    expect(deadLetterSearch({ source: '', queue: ' ', name: '', reason: '' })).toBe('');
  });

  it('lists and retries the same set', () => {
    const filter = { source: 'main', queue: '', name: 'welcome', reason: '' };
    expect(toDeadLetterQuery(filter)).toEqual({
      source: 'main',
      queue: undefined,
      name: 'welcome',
      reason: undefined,
    });
    const body = DeadLetterRetryBody.parse(toDeadLetterRetryBody(filter, true));
    expect(body).toMatchObject({ source: 'main', filter: { name: 'welcome' }, dryRun: true });
    expect(body.queue).toBeUndefined();
  });
});
