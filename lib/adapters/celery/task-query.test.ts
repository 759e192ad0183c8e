import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '@/lib/adapters/errors';
import type { TaskRecord } from '@/lib/store/celery-task-index';
import { normaliseCeleryState } from '@/lib/store/celery-task-index';
import type { BranchWalk, SearchPosition } from '@/lib/store/celery-task-search';
import { compareNewestFirst, decodeSearchCursor, encodeSearchCursor, mergeBranchWalks, searchRecords } from '@/lib/store/celery-task-search';
import { planBranch } from '@/lib/store/redis/celery-search';
import { TaskQueryError, andQueries, matchesTaskQuery, parseTaskQuery, parseTimeValue, taskFiltersQuery, toTaskSearch } from './task-query';
import { random, randomQuery, randomTasks } from './testing/search-fuzz';

const span = expect.any(Object);

function errorOf(text: string): TaskQueryError {
  try {
    parseTaskQuery(text);
  } catch (error) {
    if (error instanceof TaskQueryError) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed`);
}

describe('the task search language', () => {
  it("reads Flower's familiar terms: juxtaposition is AND", () => {
    expect(parseTaskQuery('name:tasks.add state:FAILURE')).toEqual({
      type: 'and',
      items: [
        { type: 'member', field: 'name', values: ['tasks.add'], prefixes: [], span },
        { type: 'state', normalised: [], native: ['FAILURE'], span },
      ],
    });
    expect(parseTaskQuery('  ')).toBeNull();
    expect(parseTaskQuery('args:"Invoice 7" kwargs:user=42 result:3 boom')).toEqual({
      type: 'and',
      items: [
        { type: 'text', field: 'args', value: 'Invoice 7', span },
        { type: 'kwarg', key: 'user', value: '42', span },
        { type: 'text', field: 'result', value: '3', span },
        { type: 'text', field: 'any', value: 'boom', span },
      ],
    });
  });

  it('groups with parentheses, binds NOT tighter than AND tighter than OR, and takes - for NOT', () => {
    const node = parseTaskQuery('state:failed OR name:a* -worker:w1@x,w2@x AND NOT (queue:mail or queue:celery)');
    expect(node).toEqual({
      type: 'or',
      items: [
        { type: 'state', normalised: ['failed'], native: [], span },
        {
          type: 'and',
          items: [
            { type: 'member', field: 'name', values: [], prefixes: ['a'], span },
            { type: 'not', item: { type: 'member', field: 'worker', values: ['w1@x', 'w2@x'], prefixes: [], span } },
            {
              type: 'not',
              item: {
                type: 'or',
                items: [
                  { type: 'member', field: 'queue', values: ['mail'], prefixes: [], span },
                  { type: 'member', field: 'queue', values: ['celery'], prefixes: [], span },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(parseTaskQuery('-(name:a OR name:b)')).toMatchObject({ type: 'not', item: { type: 'or' } });
    // A quoted keyword is a word to search for.
    expect(parseTaskQuery('"or"')).toMatchObject({ type: 'text', field: 'any', value: 'or' });
  });

  it('reads states by Celery name (any case) or the normalised name, and custom states in capitals', () => {
    expect(parseTaskQuery('state:failure,RETRY,completed,Waiting,PROGRESS')).toMatchObject({
      type: 'state',
      normalised: ['completed', 'waiting'],
      native: ['FAILURE', 'RETRY', 'PROGRESS'],
    });
  });

  it('reads times: durations ago, ISO dates and times (UTC unless an offset), epoch seconds and ms', () => {
    expect(parseTaskQuery('since:15m')).toMatchObject({ type: 'compare', field: 'at', op: '>=', operand: { agoMs: 900_000 } });
    expect(parseTaskQuery('until:2026-08-01')).toMatchObject({ field: 'at', op: '<', operand: { value: Date.UTC(2026, 7, 1) } });
    expect(parseTaskQuery('received>2026-08-01T10:30:00+02:00')).toMatchObject({ field: 'received', op: '>', operand: { value: Date.UTC(2026, 7, 1, 8, 30) } });
    expect(parseTimeValue('2026-08-01T10:30Z', 0)).toEqual({ value: Date.UTC(2026, 7, 1, 10, 30) });
    expect(parseTimeValue('1785578400', 0)).toEqual({ value: 1_785_578_400_000 });
    expect(parseTimeValue('1785578400123', 0)).toEqual({ value: 1_785_578_400_123 });
    expect(parseTaskQuery('runtime>=2.5 retries:1')).toMatchObject({
      items: [
        { field: 'runtime', op: '>=', operand: { value: 2.5 } },
        { field: 'retries', op: '=', operand: { value: 1 } },
      ],
    });
  });

  it('says where a query goes wrong and what would fit there', () => {
    const cases: Array<[string, number, RegExp, string?]> = [
      ['name:tasks.add AND', 18, /expected a term after AND, found the end of the query/, 'NOT'],
      ['(name:a OR name:b', 17, /expected "\)" to close the "\(" at column 1/, '")"'],
      ['name:a)', 6, /closes no "\("/],
      ['OR name:a', 0, /expected a term before OR/],
      ['name:', 5, /expected a value after "name:"/, 'name:value'],
      ['nme:tasks.add', 0, /unknown field "nme" — did you mean "name"\?/, 'name:'],
      ['http://example', 0, /put it in quotes/],
      ['args:"Invoice 7', 5, /this quote is never closed/, 'a closing "'],
      ['since:yesterday', 6, /"yesterday" is not a time/, 'now'],
      ['until:2026-02-30', 6, /not a real date/],
      ['state:faild', 6, /unknown state "faild"/, 'FAILURE'],
      ['name:tas*ks', 8, /"\*" matches a prefix, so it can only end a value/],
      ['received:1h', 8, /compare "received" with > or </, 'received>15m'],
      ['name>3', 4, /"name" takes ":"/],
      ['retries>x', 8, /"x" is not a whole number for retries/],
      ['()', 1, /expected a term inside "\( \)"/],
      ['- name:a', 0, /"-" must stand right before/],
      ['name:a,,b', 7, /expected a name between the commas/],
    ];
    for (const [text, position, message, expected] of cases) {
      const error = errorOf(text);
      expect(error.message, text).toMatch(message);
      expect(error.position, text).toBe(position);
      expect(error.message.startsWith(`column ${position + 1}: `), text).toBe(true);
      expect(error.details.column).toBe(position + 1);
      if (expected) expect(error.expected, text).toContain(expected);
    }
  });

  it('normalises into a disjunction of conjunctions, NOT pushed onto the terms', () => {
    const search = toTaskSearch(parseTaskQuery('(name:a OR name:b) NOT (state:failed OR worker:w)'));
    expect(search.branches).toHaveLength(2);
    expect(search.branches.map((branch) => branch.map((clause) => [clause.kind, clause.negate]))).toEqual([
      [['member', false], ['state', true], ['member', true]],
      [['member', false], ['state', true], ['member', true]],
    ]);
    expect(toTaskSearch(null)).toEqual({ branches: [[]] });
    const wide = Array.from({ length: 6 }, (_, n) => `(name:a${n} OR name:b${n})`).join(' ');
    expect(() => toTaskSearch(parseTaskQuery(wide))).toThrow(/multiplies out to 64 alternatives \(at most 32\)/);
  });

  it('ANDs the structured filters with a typed query', () => {
    const node = andQueries(parseTaskQuery('boom'), taskFiltersQuery({ states: ['failed'], queue: 'mail', since: 10, until: 20 }));
    expect(toTaskSearch(node).branches[0]!.map((clause) => clause.kind)).toEqual(['text', 'state', 'member', 'compare', 'compare']);
    expect(taskFiltersQuery({})).toBeNull();
  });
});

describe('planning a branch onto the index sets', () => {
  const plan = (text: string) => planBranch(toTaskSearch(parseTaskQuery(text)).branches[0]!, 1_000_000);
  it('offers each selective clause its sets, and says which answer everything', () => {
    const p = plan('name:tasks.add state:failed since:100s')!;
    expect(p.minScore).toBe(900_000);
    expect(p.sources.map((source) => [source.type, source.guaranteed, source.states])).toEqual([
      ['name', true, ['failed']],
      ['state', false, ['failed']],
      ['all', false, []],
    ]);
    // A Celery state name is answered by its normalised sets plus a check of the native name.
    expect(plan('state:FAILURE')!.sources[0]).toMatchObject({ type: 'state', states: ['failed'], guaranteed: false });
    expect(plan('state:RECEIVED')!.sources[0]).toMatchObject({ states: ['waiting', 'delayed'] });
    // The worker sets hold every state: the state is checked.
    expect(plan('worker:w1 state:failed')!.sources[0]).toMatchObject({ type: 'worker', guaranteed: false });
    expect(plan('-name:a')!.sources).toEqual([expect.objectContaining({ type: 'all', guaranteed: false })]);
    expect(plan('')!.sources).toEqual([expect.objectContaining({ type: 'all', guaranteed: true })]);
    expect(plan('name:a* state:completed')!.prefixes).toBe(true);
  });
  it('drops a branch that can match nothing', () => {
    expect(plan('state:failed state:completed')).toBeNull();
    expect(plan('since:2026-08-02 until:2026-08-01')).toBeNull();
    expect(plan('state:FAILURE state:failed')).not.toBeNull();
  });
});

describe('search cursors and the merge of branches', () => {
  it('round-trips and refuses what it did not issue', () => {
    const cursor = { position: { score: 1796168992040, id: 'abc' }, now: 17 };
    expect(decodeSearchCursor(encodeSearchCursor(cursor))).toEqual(cursor);
    expect(() => decodeSearchCursor('nope')).toThrow(InvalidCursorError);
    expect(() => decodeSearchCursor(Buffer.from('{"s":1,"m":"a"}').toString('base64url'))).toThrow(InvalidCursorError);
  });

  it('shows nothing past the newest place a branch stopped, and resumes there', () => {
    const at = (score: number, id = 'x'): SearchPosition => ({ score, id });
    const walks: Array<BranchWalk<SearchPosition>> = [
      { matches: [at(10), at(5, 'v'), at(2, 'w')], status: 'done', frontier: at(2, 'w'), scanned: 10 },
      { matches: [at(9, 'y')], status: 'cut', frontier: at(6, 'z'), scanned: 3 },
    ];
    expect(mergeBranchWalks(walks, 10)).toEqual({ rows: [at(10), at(9, 'y')], next: at(6, 'z') });
    expect(mergeBranchWalks(walks, 1)).toEqual({ rows: [at(10)], next: at(10) });
    // The same task matched by two branches is shown once.
    expect(mergeBranchWalks([walks[0]!, walks[0]!], 10).rows).toHaveLength(3);
  });
});

function fitsBranchCap(text: string): boolean {
  try {
    toTaskSearch(parseTaskQuery(text));
    return true;
  } catch (error) {
    if (error instanceof TaskQueryError && /multiplies out/.test(error.message)) return false;
    throw error;
  }
}

function recordOf(update: ReturnType<typeof randomTasks>[number]): TaskRecord {
  return {
    id: update.id,
    state: update.state,
    normalisedState: normaliseCeleryState(update.state, Boolean(update.fields.eta)),
    at: update.at,
    fields: update.fields,
    log: [],
  };
}

describe('search against the naive evaluation (property, in memory)', () => {
  it('pages through exactly the matching tasks, newest first, at any limit and scan limit, for random queries', () => {
    let nonEmpty = 0;
    let cutPages = 0;
    let multiBranch = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const rand = random(seed);
      const base = 1_785_000_000_000;
      const records = randomTasks(rand, 60 + Math.floor(rand() * 60), base, 400).map(recordOf);
      // Queries that multiply out past the branch cap are refused (tested above): draw another.
      let text = randomQuery(rand, base);
      while (!fitsBranchCap(text)) text = randomQuery(rand, base);
      const node = parseTaskQuery(text);
      const expected = records
        .filter((record) => matchesTaskQuery(node, record, base))
        .sort((a, b) => compareNewestFirst({ score: b.at, id: b.id }, { score: a.at, id: a.id }))
        .map((record) => record.id);
      const search = toTaskSearch(node);
      const limit = 1 + Math.floor(rand() * 12);
      const scanLimit = 1 + Math.floor(rand() * 40);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = searchRecords(records, search, { limit, scanLimit, cursor, now: base });
        if (!page.complete) cutPages++;
        expect(page.tasks.length).toBeLessThanOrEqual(limit);
        for (const report of page.branches) expect(report.scanned).toBeLessThanOrEqual(scanLimit);
        seen.push(...page.tasks.map((task) => task.id));
        cursor = page.nextCursor;
        expect(++pages, `seed ${seed}: ${text}`).toBeLessThan(1_000);
      } while (cursor);
      expect(seen, `seed ${seed}: ${text} (limit ${limit}, scan ${scanLimit})`).toEqual(expected);
      if (expected.length > 0) nonEmpty++;
      if (search.branches.length > 1) multiBranch++;
    }
    // The draw exercises what it must: matches, ORs, and pages cut by the scan limit.
    expect(nonEmpty).toBeGreaterThan(40);
    expect(multiBranch).toBeGreaterThan(20);
    expect(cutPages).toBeGreaterThan(50);
    // Hundreds of pages: on a shared, loaded machine this takes seconds (no timing is asserted).
  }, 60_000);
});
