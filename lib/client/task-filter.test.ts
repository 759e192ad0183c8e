import { describe, expect, it } from 'vitest';
import { TasksQuery } from '@/lib/api/schemas';
import { emptyTaskFilter, parseTaskCursors, parseTaskFilter, taskSearch, toTasksQuery } from './task-filter';

describe('the Tasks page filter in its URL', () => {
  it('round-trips a filter and its cursor stack through the URL', () => {
    const filter = { ...emptyTaskFilter, states: ['failed' as const, 'cancelled' as const], name: 'billing.charge', worker: 'celery@a b', since: '2025-01-15T12:00:00Z' };
    const search = taskSearch(filter, ['c1', 'c2']);
    expect(search).toBe('?state=failed%2Ccancelled&name=billing.charge&worker=celery%40a+b&since=2025-01-15T12%3A00%3A00Z&cursor=c1&cursor=c2');
    const params = new URLSearchParams(search);
    expect(parseTaskFilter(params)).toEqual(filter);
    expect(parseTaskCursors(params)).toEqual(['c1', 'c2']);
    expect(taskSearch(emptyTaskFilter)).toBe('');
  });

  it('drops states it does not know and blanks', () => {
    expect(parseTaskFilter(new URLSearchParams('state=failed,sleeping,,failed&name=%20%20')).states).toEqual(['failed']);
    expect(parseTaskFilter(new URLSearchParams('name=%20%20')).name).toBe('');
  });

  it('asks the API exactly what the URL names, in a query its schema accepts', () => {
    const filter = parseTaskFilter(new URLSearchParams('state=active,waiting&queue=emails&text=Invoice&until=1736942400000'));
    const query = toTasksQuery(filter, 'next', 25);
    expect(query).toEqual({ state: 'active,waiting', queue: 'emails', text: 'Invoice', until: '1736942400000', cursor: 'next', limit: '25' });
    const parsed = TasksQuery.parse(query);
    expect(parsed).toMatchObject({ state: ['active', 'waiting'], queue: 'emails', text: 'Invoice', until: 1736942400000, cursor: 'next', limit: 25 });
    expect(TasksQuery.parse(toTasksQuery(emptyTaskFilter, null))).toMatchObject({ state: [], limit: 50 });
  });
});
