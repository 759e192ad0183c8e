import { describe, expect, it } from 'vitest';
import { parseJsonField } from '@/components/ui/json-field';

describe('parseJsonField', () => {
  it('parses any JSON value', () => {
    expect(parseJsonField('{"to": "a@b.c", "n": [1, 2]}', 'Data')).toEqual({
      ok: true,
      value: { to: 'a@b.c', n: [1, 2] },
    });
    expect(parseJsonField(' 42 ', 'Data')).toEqual({ ok: true, value: 42 });
  });

  it('says which field is not JSON, before anything is sent', () => {
    const parsed = parseJsonField('{to: 1}', 'Options');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatch(/^Options is not valid JSON/);
  });

  it('treats an empty field as its default, or as an error when it has none', () => {
    expect(parseJsonField('  ', 'Options', {})).toEqual({ ok: true, value: {} });
    expect(parseJsonField('', 'Data')).toEqual({ ok: false, error: 'Data is empty.' });
  });
});
