import { describe, expect, it } from 'vitest';
import { childEntries, childPath, leafText, searchJson, splitMatches, summarize } from './json-tree';

describe('childPath', () => {
  it('writes paths as an operator would type them', () => {
    expect(childPath(childPath(childPath('data', 'items'), 3), 'sku')).toBe('data.items[3].sku');
    expect(childPath('data', 'ship to')).toBe('data["ship to"]');
    expect(childPath('data', '0abc')).toBe('data["0abc"]');
    expect(childPath('data', 'say "hi"')).toBe('data["say \\"hi\\""]');
    expect(childPath('data', '$ref')).toBe('data.$ref');
  });
});

describe('childEntries and summarize', () => {
  it('pages children and says what a collapsed node holds', () => {
    const items = Array.from({ length: 250 }, (_, index) => index);
    expect(childEntries(items, 100, 3)).toEqual([
      [100, 100],
      [101, 101],
      [102, 102],
    ]);
    expect(childEntries({ a: 1, b: 2 })).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(summarize(items)).toBe('[250 items]');
    expect(summarize({ a: 1 })).toBe('{1 key}');
    expect(summarize([])).toBe('[0 items]');
  });

  it('writes leaves as JSON, so markup stays quoted text', () => {
    expect(leafText('<img src=x>')).toBe('"<img src=x>"');
    expect(leafText(null)).toBe('null');
    expect(leafText(3.5)).toBe('3.5');
  });
});

describe('searchJson', () => {
  const data = {
    customer: { name: 'Ada', email: 'ada@example.com' },
    items: [
      { sku: 'A-1', qty: 1 },
      { sku: 'B-2', qty: 2 },
      { sku: 'C-3', qty: 3, note: 'fragile' },
    ],
  };

  it('finds keys and leaf values, and opens the containers above each match', () => {
    const found = searchJson(data, 'data', 'frag');
    expect([...found.matches]).toEqual(['data.items[2].note']);
    expect([...found.ancestors].sort()).toEqual(['data', 'data.items', 'data.items[2]']);
    expect(found.capped).toBe(false);

    const byKey = searchJson(data, 'data', 'EMAIL');
    expect([...byKey.matches]).toEqual(['data.customer.email']);
  });

  it('walks in document order and stops at the cap', () => {
    const found = searchJson(data, 'data', 'sku', 2);
    expect([...found.matches]).toEqual(['data.items[0].sku', 'data.items[1].sku']);
    expect(found.capped).toBe(true);
  });

  it('matches nothing for an empty query and finds a leaf thousands of levels deep', () => {
    expect(searchJson(data, 'data', '').matches.size).toBe(0);
    let deep: unknown = 'bottom';
    for (let level = 0; level < 3_000; level++) deep = [deep];
    const found = searchJson(deep, 'data', 'bottom');
    expect(found.matches.size).toBe(1);
    expect(found.ancestors.size).toBe(3_000);
  });
});

describe('splitMatches', () => {
  it('cuts text into plain and matching parts, case-insensitively', () => {
    expect(splitMatches('"SKU-1 sku"', 'sku')).toEqual([
      { text: '"', match: false },
      { text: 'SKU', match: true },
      { text: '-1 ', match: false },
      { text: 'sku', match: true },
      { text: '"', match: false },
    ]);
    expect(splitMatches('abc', '')).toEqual([{ text: 'abc', match: false }]);
  });
});
