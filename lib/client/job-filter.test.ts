import { describe, expect, it } from 'vitest';
import { DeadLetterRetryBody, MatchingActionBody, SearchQuery } from '@/lib/api/schemas';
import {
  cursorSearch,
  deadLetterSearch,
  emptyJobFilterForm,
  isFilterEmpty,
  parseCursors,
  parseDeadLetterFilter,
  parseIds,
  parseJobSearch,
  parseLocalTime,
  toDeadLetterQuery,
  toDeadLetterRetryBody,
  toMatchingBody,
  toSearchQuery,
  withJobSearch,
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

  it('keeps its page in the URL, and a new filter starts on the first page', () => {
    const filter = { source: 'main', queue: '', name: '', reason: '' };
    const search = deadLetterSearch(filter, ['c2', 'c3']);
    expect(search).toBe('?source=main&cursor=c2&cursor=c3');
    const params = new URLSearchParams(search);
    expect(parseDeadLetterFilter(params)).toEqual(filter);
    expect(parseCursors(params)).toEqual(['c2', 'c3']);
    expect(deadLetterSearch(filter)).toBe('?source=main');
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

describe('queue search in the URL', () => {
  it("round-trips a search beside the job list's own state, cursor and limit", () => {
    const searched = form({
      state: 'completed',
      text: 'invoice 7',
      reason: 'SMTP',
      ids: '1, 2',
      from: '2025-01-15T12:00',
      scanLimit: 500,
    });
    const search = withJobSearch(new URLSearchParams('state=failed&cursor=9&limit=20'), searched);
    const params = new URLSearchParams(search);
    expect(params.get('state')).toBe('failed');
    expect(params.getAll('cursor')).toEqual(['9']);
    expect(params.get('limit')).toBe('20');
    expect(parseJobSearch(params)).toEqual(searched);
    // The server is asked exactly what the operator searched.
    expect(toSearchQuery(parseJobSearch(params)!)).toEqual(toSearchQuery(searched));
  });

  it('leaves empty fields and the default scan limit out, and can be cleared', () => {
    const search = withJobSearch(new URLSearchParams('state=waiting'), form({ name: ' welcome ' }));
    expect(search).toBe('?state=waiting&search=failed&name=welcome');
    expect(withJobSearch(new URLSearchParams(search), null)).toBe('?state=waiting');
    expect(withJobSearch([], null)).toBe('');
  });

  it('has no search without a searchable state, and a sane scan limit', () => {
    expect(parseJobSearch(new URLSearchParams('state=failed&q=x'))).toBeNull();
    expect(parseJobSearch(new URLSearchParams('search=active'))).toBeNull();
    expect(parseJobSearch(new URLSearchParams('search=failed&scan=0'))?.scanLimit).toBe(10_000);
    expect(parseJobSearch(new URLSearchParams('search=failed&scan=1e9'))?.scanLimit).toBe(10_000);
  });
});

describe('cursor stack in the URL', () => {
  it('keeps every cursor that led to the page, in order', () => {
    expect(cursorSearch([])).toBe('');
    const search = cursorSearch(['a b', 'c']);
    expect(parseCursors(new URLSearchParams(search))).toEqual(['a b', 'c']);
    expect(parseCursors(new URLSearchParams('cursor=&cursor=x'))).toEqual(['x']);
  });
});
