/**
 * Python literal reprs as Celery writes them into task events (`argsrepr`, `kwargsrepr`): parsed
 * exactly, or refused. Celery computes them on the client with `celery.utils.saferepr` (cut at
 * `argsrepr_maxsize`, 1024 characters), which writes a string as `'` + text with `'` → `\'` + `'`
 * (no other escapes: a newline or a backslash stays as it is), ints, floats, True/False/None,
 * lists, tuples and dicts as `repr` does, anything deeper than 3 levels as `[...]`, and a cut repr
 * ends in `, ...` or a string cut to `…...'`.
 *
 * The parse keeps numbers as their text, so `1.0` stays a float and a 30-digit int stays exact when
 * written back as JSON (`toJsonText`): a retried task receives what the original one received (its
 * args went through JSON too, so tuples arrived as lists and int dict keys as strings).
 * Pure; tested in python-literal.test.ts.
 */

export type PyNode =
  | { kind: 'str'; value: string }
  | { kind: 'int'; text: string }
  | { kind: 'float'; text: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'none' }
  | { kind: 'list' | 'tuple'; items: PyNode[] }
  | { kind: 'dict'; entries: Array<[PyNode, PyNode]> };

export type LiteralParse = { ok: true; node: PyNode } | { ok: false; reason: string };

class Refused extends Error {}

/** Celery's default `argsrepr_maxsize` / `kwargsrepr_maxsize`. */
export const CELERY_REPR_MAXSIZE = 1024;

/**
 * Parse one repr. Refused: anything that is not one of the literal kinds (objects such as
 * `datetime.datetime(…)`, sets, bytes, `inf`/`nan`), a repr Celery may have cut (as long as its
 * limit, a `...`, a string ending in `...`), and a string holding a backslash other than the one
 * before an escaped quote (saferepr does not escape backslashes, so such text is ambiguous).
 */
export function parseCeleryRepr(text: string, maxSize = CELERY_REPR_MAXSIZE): LiteralParse {
  if (text.length >= maxSize) return { ok: false, reason: `the repr is ${text.length} characters long: Celery may have cut it at ${maxSize}` };
  try {
    const parser = new Parser(text);
    const node = parser.value();
    parser.end();
    return { ok: true, node };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  end(): void {
    this.space();
    if (this.at !== this.text.length) this.refuse(`unexpected ${JSON.stringify(this.text.slice(this.at, this.at + 10))}`);
  }

  value(depth = 0): PyNode {
    if (depth > 100) this.refuse('nested too deep');
    this.space();
    const ch = this.text[this.at];
    if (ch === '[') return { kind: 'list', items: this.sequence(']', depth) };
    if (ch === '(') return this.tuple(depth);
    if (ch === '{') return this.dict(depth);
    if (ch === "'") return { kind: 'str', value: this.string() };
    if (ch === '"') this.refuse('a double-quoted string: not how Celery writes one');
    return this.word();
  }

  private tuple(depth: number): PyNode {
    const start = this.at;
    const items = this.sequence(')', depth);
    // `(x)` is a parenthesised value, not a tuple; saferepr writes one-element tuples as `(x,)`.
    if (items.length === 1 && !/,\s*\)$/.test(this.text.slice(start, this.at))) return items[0]!;
    return { kind: 'tuple', items };
  }

  private sequence(close: string, depth: number): PyNode[] {
    this.at++;
    const items: PyNode[] = [];
    this.space();
    if (this.text[this.at] === close) {
      this.at++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.space();
      const ch = this.text[this.at];
      if (ch === ',') {
        this.at++;
        this.space();
        if (this.text[this.at] === close) {
          this.at++;
          return items;
        }
        continue;
      }
      if (ch === close) {
        this.at++;
        return items;
      }
      this.refuse(`expected , or ${close}`);
    }
  }

  private dict(depth: number): PyNode {
    this.at++;
    const entries: Array<[PyNode, PyNode]> = [];
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return { kind: 'dict', entries };
    }
    for (;;) {
      const key = this.value(depth + 1);
      if (key.kind !== 'str' && key.kind !== 'int') this.refuse(`a ${key.kind} dict key`);
      this.space();
      if (this.text[this.at] !== ':') this.refuse('expected : in a dict');
      this.at++;
      entries.push([key, this.value(depth + 1)]);
      this.space();
      const ch = this.text[this.at];
      if (ch === ',') {
        this.at++;
        this.space();
        if (this.text[this.at] === '}') {
          this.at++;
          return { kind: 'dict', entries };
        }
        continue;
      }
      if (ch === '}') {
        this.at++;
        return { kind: 'dict', entries };
      }
      this.refuse('expected , or } in a dict');
    }
  }

  private string(): string {
    this.at++;
    let out = '';
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined) this.refuse('an unterminated string');
      if (ch === "'") {
        this.at++;
        break;
      }
      if (ch === '\\') {
        if (this.text[this.at + 1] !== "'") this.refuse('a backslash in a string (saferepr leaves it ambiguous)');
        out += "'";
        this.at += 2;
        continue;
      }
      out += ch;
      this.at++;
    }
    if (out.endsWith('...')) this.refuse('a string ending in ... (Celery may have cut it)');
    return out;
  }

  private word(): PyNode {
    const rest = this.text.slice(this.at);
    const match = /^(?:True|False|None|-?\d+\.\d*(?:[eE][+-]?\d+)?|-?\d+[eE][+-]?\d+|-?\d+)/.exec(rest);
    if (!match) {
      if (rest.startsWith('...')) this.refuse('... (Celery cut the repr here)');
      this.refuse(`not a literal: ${JSON.stringify(rest.slice(0, 20))}`);
    }
    const word = match[0];
    const after = rest[word.length];
    // `inf`, `1j`, `datetime.date(…)`, `Decimal('1')`: not one of the literal kinds.
    if (after !== undefined && /[\w.(]/.test(after)) this.refuse(`not a literal: ${JSON.stringify(rest.slice(0, 20))}`);
    this.at += word.length;
    if (word === 'True' || word === 'False') return { kind: 'bool', value: word === 'True' };
    if (word === 'None') return { kind: 'none' };
    if (/^-?\d+$/.test(word)) {
      if (/^-?0\d/.test(word)) this.refuse('an int with a leading zero');
      return { kind: 'int', text: word };
    }
    return { kind: 'float', text: word };
  }

  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) this.at++;
  }

  private refuse(reason: string): never {
    throw new Refused(`${reason} at character ${this.at}`);
  }
}

/** JSON text of the value the worker received when the task was sent with JSON (exact numbers). */
export function toJsonText(node: PyNode): string {
  switch (node.kind) {
    case 'str':
      return JSON.stringify(node.value);
    case 'int':
      return node.text;
    case 'float':
      // JSON wants a digit after the point: Python writes `1.` never, but `1.e5`-like text is refused above.
      return node.text.endsWith('.') ? `${node.text}0` : node.text;
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'list':
    case 'tuple':
      return `[${node.items.map(toJsonText).join(', ')}]`;
    case 'dict':
      return `{${node.entries
        .map(([key, value]) => `${JSON.stringify(key.kind === 'str' ? key.value : (key as { text: string }).text)}: ${toJsonText(value)}`)
        .join(', ')}}`;
  }
}

/** The value as JavaScript sees it (display; big ints lose digits here, never in `toJsonText`). */
export function toValue(node: PyNode): unknown {
  return JSON.parse(toJsonText(node)) as unknown;
}
