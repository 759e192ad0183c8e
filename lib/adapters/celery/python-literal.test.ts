import { describe, expect, it } from 'vitest';
import { parseCeleryRepr, toJsonText, toValue } from './python-literal';

const json = (repr: string) => {
  const parsed = parseCeleryRepr(repr);
  if (!parsed.ok) throw new Error(parsed.reason);
  return toJsonText(parsed.node);
};
const refused = (repr: string) => {
  const parsed = parseCeleryRepr(repr);
  return parsed.ok ? null : parsed.reason;
};

describe('parseCeleryRepr', () => {
  it('reads the literal kinds as the JSON the worker received', () => {
    expect(json("(1, 'two', 3.5, True, False, None)")).toBe('[1, "two", 3.5, true, false, null]');
    expect(json("[[1, 2], {'a': (1,)}, ()]")).toBe('[[1, 2], {"a": [1]}, []]');
    expect(json('{}')).toBe('{}');
    expect(json("{'k': -7, 3: 'int key'}")).toBe('{"k": -7, "3": "int key"}');
    expect(json('(1,)')).toBe('[1]');
    expect(json('(1)')).toBe('1');
  });

  it('keeps numbers exact: a float stays a float, a big int keeps its digits', () => {
    expect(json('[1.0, 1e-05, 1e+16, -0.0]')).toBe('[1.0, 1e-05, 1e+16, -0.0]');
    expect(json('[123456789012345678901234567890]')).toBe('[123456789012345678901234567890]');
    const parsed = parseCeleryRepr("{'n': 2.5, 'ok': True}");
    expect(parsed.ok && toValue(parsed.node)).toEqual({ n: 2.5, ok: true });
  });

  it("reads strings as saferepr writes them: only \\' escaped, newlines and unicode as they are", () => {
    expect(json("['it\\'s', 'line 1\nline 2', 'café ☕', '\"quoted\"']")).toBe(
      JSON.stringify(["it's", 'line 1\nline 2', 'café ☕', '"quoted"']).replace(/,/g, ', '),
    );
  });

  it('refuses what Celery may have cut', () => {
    expect(refused("('a', ...)")).toContain('...');
    expect(refused("['first words...']")).toContain('ending in ...');
    expect(refused('[[[[...]]]]')).not.toBeNull();
    expect(refused(`[${'1, '.repeat(400)}1]`)).toContain('may have cut it at 1024');
  });

  it('refuses what is not one of the literal kinds, or is ambiguous', () => {
    expect(refused('(datetime.datetime(2026, 1, 1, 0, 0),)')).toContain('not a literal');
    expect(refused("(UUID('0f1e'),)")).toContain('not a literal');
    expect(refused('{1, 2}')).not.toBeNull();
    expect(refused("(b'bytes',)")).toContain('not a literal');
    expect(refused('(inf, nan)')).toContain('not a literal');
    expect(refused('(1j,)')).toContain('not a literal');
    expect(refused("('C:\\\\temp',)")).toContain('backslash');
    expect(refused('("double",)')).toContain('double-quoted');
    expect(refused('(None: 1)')).not.toBeNull();
    expect(refused('{(1, 2): 3}')).toContain('dict key');
    expect(refused('[1, 2')).not.toBeNull();
    expect(refused('[1] trailing')).toContain('unexpected');
    expect(refused('[007]')).toContain('leading zero');
  });
});
