/**
 * The task search language (Flower's `search` box, grown up): terms like `name:tasks.add`,
 * `state:FAILURE`, `worker:w1@host*`, `args:"Invoice 7"`, `kwargs:user=42`, `received>1h`,
 * `since:2026-08-01`, bare words searched everywhere, combined with AND (or juxtaposition), OR,
 * NOT / `-` and parentheses. `parseTaskQuery` turns text into a zod-checked AST, with errors that
 * say where and what was expected; `toTaskSearch` normalises it into the store's disjunction of
 * conjunctions (lib/store/celery-task-search.ts); `matchesTaskQuery` evaluates the AST directly on
 * one record (the naive reference the tests hold the store to). Pure: no I/O, no clock (relative
 * times stay relative until the store resolves them against the search's start).
 *
 * Hand-written, not a library: see docs/ARCHITECTURE.md ("Task search language").
 */
import { z } from 'zod';
import { JobState, jobStates } from '@/lib/adapters/types';
import type { TaskRecord } from '@/lib/store/celery-task-index';
import type { SearchNumberField, SearchTextField, TaskClause, TaskSearch } from '@/lib/store/celery-task-search';
import { SearchOperand, asciiLower, clauseHolds } from '@/lib/store/celery-task-search';

export const MAX_QUERY_CHARS = 2_000;
export const MAX_QUERY_TERMS = 64;
/** Branches of the normalised OR at most: `(a OR b) (c OR d) …` multiplies out. */
export const MAX_QUERY_BRANCHES = 32;

const Span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() });

/** Fields matched exactly (a trailing `*` makes a prefix); several values with commas. */
export const memberFields = ['name', 'worker', 'queue'] as const;
/** Fields searched for text, case-insensitively (ASCII). `any` is a bare word. */
export const textFields = ['any', 'id', 'args', 'kwargs', 'result', 'exception'] as const;
/** Event times a comparison can test, epoch ms by the worker's clock. */
export const timeFields = ['sent', 'received', 'started', 'succeeded', 'failed', 'retried', 'revoked', 'rejected'] as const;

const TimeOperand = SearchOperand;
export const CompareOp = z.enum(['>', '>=', '<', '<=', '=']);

export type TaskQueryNode =
  | { type: 'and'; items: TaskQueryNode[] }
  | { type: 'or'; items: TaskQueryNode[] }
  | { type: 'not'; item: TaskQueryNode }
  | { type: 'state'; normalised: JobState[]; native: string[]; span: z.infer<typeof Span> }
  | { type: 'member'; field: (typeof memberFields)[number]; values: string[]; prefixes: string[]; span: z.infer<typeof Span> }
  | { type: 'text'; field: (typeof textFields)[number]; value: string; span: z.infer<typeof Span> }
  | { type: 'kwarg'; key: string; value: string; span: z.infer<typeof Span> }
  | {
      type: 'compare';
      /** `at` is the time the task entered its state (since: / until:); runtime in seconds. */
      field: 'at' | (typeof timeFields)[number] | 'runtime' | 'retries';
      op: z.infer<typeof CompareOp>;
      operand: SearchOperand;
      span: z.infer<typeof Span>;
    };

export const TaskQueryNode: z.ZodType<TaskQueryNode> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('and'), items: z.array(TaskQueryNode).min(2) }),
    z.object({ type: z.literal('or'), items: z.array(TaskQueryNode).min(2) }),
    z.object({ type: z.literal('not'), item: TaskQueryNode }),
    z.object({ type: z.literal('state'), normalised: z.array(JobState), native: z.array(z.string().min(1)), span: Span }),
    z.object({ type: z.literal('member'), field: z.enum(memberFields), values: z.array(z.string().min(1)), prefixes: z.array(z.string().min(1)), span: Span }),
    z.object({ type: z.literal('text'), field: z.enum(textFields), value: z.string().min(1), span: Span }),
    z.object({ type: z.literal('kwarg'), key: z.string().min(1), value: z.string(), span: Span }),
    z.object({
      type: z.literal('compare'),
      field: z.enum(['at', ...timeFields, 'runtime', 'retries']),
      op: CompareOp,
      operand: TimeOperand,
      span: Span,
    }),
  ]),
);

/** A query the language does not accept: where (0-based offset; `column` 1-based) and what would have fit there. */
export class TaskQueryError extends Error {
  readonly position: number;
  readonly expected: string[];
  constructor(message: string, position: number, expected: string[] = []) {
    super(`column ${position + 1}: ${message}`);
    this.name = 'TaskQueryError';
    this.position = position;
    this.expected = expected;
  }
  /** For an API error envelope's `details`. */
  get details(): { position: number; column: number; expected: string[] } {
    return { position: this.position, column: this.position + 1, expected: this.expected };
  }
}

// ---- Lexer --------------------------------------------------------------------------------------

interface Piece {
  text: string;
  quoted: boolean;
}
type Token =
  | { kind: 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'end'; start: number; end: number }
  | { kind: 'word'; start: number; end: number; pieces: Piece[] };

const KEYWORDS: Record<string, 'and' | 'or' | 'not'> = { and: 'and', or: 'or', not: 'not' };

/** Words run to whitespace or a parenthesis; a `"…"` inside a word is one piece with `\"` and `\\` escapes. */
function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    const pieces: Piece[] = [];
    let plain = '';
    while (i < text.length && !/\s/.test(text[i]!) && text[i] !== '(' && text[i] !== ')') {
      if (text[i] === '"') {
        if (plain) pieces.push({ text: plain, quoted: false });
        plain = '';
        const open = i;
        let quoted = '';
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
          quoted += text[i];
          i++;
        }
        if (i >= text.length) throw new TaskQueryError('this quote is never closed', open, ['a closing "']);
        i++;
        pieces.push({ text: quoted, quoted: true });
      } else {
        plain += text[i];
        i++;
      }
    }
    if (plain) pieces.push({ text: plain, quoted: false });
    const keyword = pieces.length === 1 && !pieces[0]!.quoted ? KEYWORDS[pieces[0]!.text.toLowerCase()] : undefined;
    if (keyword) tokens.push({ kind: keyword, start, end: i });
    else if (pieces.length > 0 && !pieces[0]!.quoted && pieces[0]!.text.startsWith('-')) {
      // `-term` is NOT term; a lone `-` is a mistake.
      const rest = pieces[0]!.text.slice(1);
      if (rest === '' && pieces.length === 1 && text[i] === '(') {
        tokens.push({ kind: 'not', start, end: i });
        continue;
      }
      if (rest === '' && pieces.length === 1) throw new TaskQueryError('a "-" must stand right before the term it excludes', start, ['a term after "-"']);
      tokens.push({ kind: 'not', start, end: start + 1 });
      tokens.push({ kind: 'word', start: start + 1, end: i, pieces: rest ? [{ text: rest, quoted: false }, ...pieces.slice(1)] : pieces.slice(1) });
    } else tokens.push({ kind: 'word', start, end: i, pieces });
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

// ---- Terms --------------------------------------------------------------------------------------

const FIELDS = ['name', 'state', 'worker', 'queue', 'id', 'args', 'kwargs', 'result', 'exception', 'since', 'until', ...timeFields, 'runtime', 'retries'] as const;
type FieldName = (typeof FIELDS)[number];
const FIELD_SET = new Set<string>(FIELDS);

const CELERY_STATES: Record<string, JobState[]> = {
  PENDING: ['waiting'],
  RECEIVED: ['waiting', 'delayed'],
  STARTED: ['active'],
  SUCCESS: ['completed'],
  FAILURE: ['failed'],
  RETRY: ['delayed'],
  REVOKED: ['cancelled'],
  REJECTED: ['failed'],
};

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the query';
    case 'lparen':
      return '"("';
    case 'rparen':
      return '")"';
    case 'word':
      return `"${token.pieces.map((piece) => (piece.quoted ? `"${piece.text}"` : piece.text)).join('')}"`;
    default:
      return token.kind.toUpperCase();
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length]!;
}

function unknownField(field: string, position: number): TaskQueryError {
  const guess = FIELDS.map((known) => [known, editDistance(field.toLowerCase(), known)] as const).sort((a, b) => a[1] - b[1])[0]!;
  const hint = guess[1] <= 2 ? ` — did you mean "${guess[0]}"?` : '';
  return new TaskQueryError(
    `unknown field "${field}"${hint} To search for text containing ":", put it in quotes.`,
    position,
    FIELDS.map((known) => `${known}:`),
  );
}

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const TIME_FORMS = ['a duration ago like 15m, 2h, 7d', 'a date like 2026-08-01', 'a time like 2026-08-01T10:30Z', 'epoch seconds (10 digits) or ms (13)', 'now'];

/** A time: `now`, a duration ago (`90s 15m 2h 7d 1w`), an ISO date or date-time (UTC unless it has an offset), or epoch seconds / ms. */
export function parseTimeValue(text: string, position: number): SearchOperand {
  if (text.toLowerCase() === 'now') return { agoMs: 0 };
  const duration = DURATION.exec(text);
  if (duration) return { agoMs: Math.round(Number(duration[1]) * UNIT_MS[duration[2]!]!) };
  if (/^\d{10}(\.\d{1,3})?$/.test(text)) return { value: Math.round(Number(text) * 1000) };
  if (/^\d{13}$/.test(text)) return { value: Number(text) };
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', zone] = iso;
    const month = Number(mo);
    const day = Number(d);
    const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60) {
      const offset = !zone || zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
      const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}.${frac.padEnd(3, '0')}${offset}`);
      if (Number.isFinite(ms)) return { value: ms };
    }
    throw new TaskQueryError(`"${text}" is not a real date or time`, position, TIME_FORMS);
  }
  throw new TaskQueryError(`"${text}" is not a time`, position, TIME_FORMS);
}

function joined(pieces: Piece[]): string {
  return pieces.map((piece) => piece.text).join('');
}

interface TermText {
  field: FieldName | null;
  op: ':' | '>' | '>=' | '<' | '<=';
  value: Piece[];
  valueAt: number;
}

function splitTerm(token: Extract<Token, { kind: 'word' }>): TermText {
  const first = token.pieces[0]!;
  if (!first.quoted) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(:|>=|<=|>|<)/.exec(first.text);
    if (match) {
      const name = match[1]!;
      const op = match[2] as TermText['op'];
      if (!FIELD_SET.has(name.toLowerCase())) throw unknownField(name, token.start);
      const rest = first.text.slice(match[0].length);
      const value = rest ? [{ text: rest, quoted: false }, ...token.pieces.slice(1)] : token.pieces.slice(1);
      return { field: name.toLowerCase() as FieldName, op, value, valueAt: token.start + match[0].length };
    }
  }
  return { field: null, op: ':', value: token.pieces, valueAt: token.start };
}

function listItems(term: TermText, field: string): Array<{ text: string; prefix: boolean }> {
  if (term.value.some((piece) => piece.quoted)) return [{ text: joined(term.value), prefix: false }];
  return joined(term.value)
    .split(',')
    .map((raw, index, all) => {
      const at = term.valueAt + all.slice(0, index).join(',').length + (index > 0 ? 1 : 0);
      if (raw === '') throw new TaskQueryError(`expected a ${field} between the commas`, at, [`a ${field}`]);
      const star = raw.indexOf('*');
      if (star >= 0 && star !== raw.length - 1) throw new TaskQueryError('"*" matches a prefix, so it can only end a value', at + star, [`${raw.slice(0, star)}*`]);
      if (raw === '*') throw new TaskQueryError(`"*" alone matches every ${field}: leave the term out`, at, [`a ${field} prefix before "*"`]);
      return star >= 0 ? { text: raw.slice(0, -1), prefix: true } : { text: raw, prefix: false };
    });
}

function stateOf(item: string, at: number): { normalised?: JobState; native?: string } {
  if ((jobStates as readonly string[]).includes(item.toLowerCase())) return { normalised: item.toLowerCase() as JobState };
  const upper = item.toUpperCase();
  if (CELERY_STATES[upper] || (item === upper && /^[A-Z][A-Z0-9_]*$/.test(item))) return { native: upper };
  throw new TaskQueryError(`unknown state "${item}"`, at, [
    ...Object.keys(CELERY_STATES),
    ...jobStates,
    'a custom state in capitals, like PROGRESS',
  ]);
}

function parseNumber(text: string, at: number, integer: boolean, field: string): number {
  const ok = integer ? /^\d+$/.test(text) : /^\d+(\.\d+)?$/.test(text);
  if (!ok) throw new TaskQueryError(`"${text}" is not a ${integer ? 'whole number' : 'number of seconds'} for ${field}`, at, [integer ? 'a whole number' : 'a number like 2.5']);
  return Number(text);
}

function term(token: Extract<Token, { kind: 'word' }>): TaskQueryNode {
  const t = splitTerm(token);
  const span = { start: token.start, end: token.end };
  const text = joined(t.value);
  if (t.field !== null && text === '') {
    const example = t.field === 'since' || t.field === 'until' || t.op !== ':' ? '15m' : t.field === 'state' ? 'FAILURE' : 'value';
    throw new TaskQueryError(`expected a value after "${t.field}${t.op}"`, t.valueAt, [`${t.field}${t.op}${example}`, `${t.field}${t.op}"quoted value"`]);
  }
  const field = t.field;
  if (field === null) return { type: 'text', field: 'any', value: text, span };
  const colonOnly = () => {
    if (t.op !== ':') throw new TaskQueryError(`"${field}" takes ":" (only times, runtime and retries compare with < and >)`, t.valueAt - t.op.length, [`${field}:`]);
  };
  switch (field) {
    case 'name':
    case 'worker':
    case 'queue': {
      colonOnly();
      const items = listItems(t, field);
      return { type: 'member', field, values: items.filter((item) => !item.prefix).map((item) => item.text), prefixes: items.filter((item) => item.prefix).map((item) => item.text), span };
    }
    case 'state': {
      colonOnly();
      const normalised: JobState[] = [];
      const native: string[] = [];
      let at = t.valueAt;
      for (const item of listItems(t, 'state')) {
        if (item.prefix) throw new TaskQueryError('states have no prefixes: name them, separated by commas', at, ['state:FAILURE,RETRY']);
        const state = stateOf(item.text, at);
        if (state.normalised && !normalised.includes(state.normalised)) normalised.push(state.normalised);
        if (state.native && !native.includes(state.native)) native.push(state.native);
        at += item.text.length + 1;
      }
      return { type: 'state', normalised, native, span };
    }
    case 'id':
    case 'args':
    case 'result':
    case 'exception':
      colonOnly();
      return { type: 'text', field, value: text, span };
    case 'kwargs': {
      colonOnly();
      const pair = t.value.every((piece) => !piece.quoted) ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(text) : null;
      if (pair) return { type: 'kwarg', key: pair[1]!, value: pair[2]!, span };
      return { type: 'text', field: 'kwargs', value: text, span };
    }
    case 'since':
    case 'until':
      colonOnly();
      return { type: 'compare', field: 'at', op: field === 'since' ? '>=' : '<', operand: parseTimeValue(text, t.valueAt), span };
    case 'runtime':
    case 'retries': {
      const integer = field === 'retries';
      const value = parseNumber(text, t.valueAt, integer, field);
      return { type: 'compare', field, op: t.op === ':' ? '=' : t.op, operand: { value }, span };
    }
    default: {
      // An event time.
      if (t.op === ':')
        throw new TaskQueryError(`compare "${field}" with > or <`, t.valueAt - 1, [`${field}>15m`, `${field}<2026-08-01`]);
      return { type: 'compare', field, op: t.op, operand: parseTimeValue(text, t.valueAt), span };
    }
  }
}

// ---- Parser -------------------------------------------------------------------------------------

const TERM_START = ['a term like name:tasks.add', 'a word to search for', '"("', 'NOT'];

/**
 * Parse a query; null when it is empty (every task matches). Grammar, loosest first:
 * `or := and (OR and)*`, `and := unary ((AND)? unary)*`, `unary := (NOT | -) unary | primary`,
 * `primary := ( or ) | term`. Keywords are case-insensitive; quote a word to search for "or".
 */
export function parseTaskQuery(text: string): TaskQueryNode | null {
  if (text.length > MAX_QUERY_CHARS) throw new TaskQueryError(`the query is longer than ${MAX_QUERY_CHARS} characters`, MAX_QUERY_CHARS, ['a shorter query']);
  const tokens = lex(text);
  let at = 0;
  let terms = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const startsTerm = (token: Token) => token.kind === 'word' || token.kind === 'lparen' || token.kind === 'not';
  const needTerm = (after: string) => {
    const token = peek();
    if (!startsTerm(token)) throw new TaskQueryError(`expected a term after ${after}, found ${describe(token)}`, token.start, TERM_START);
  };

  function parseOr(): TaskQueryNode {
    const items = [parseAnd()];
    while (peek().kind === 'or') {
      next();
      needTerm('OR');
      items.push(parseAnd());
    }
    return items.length === 1 ? items[0]! : { type: 'or', items };
  }
  function parseAnd(): TaskQueryNode {
    const items = [parseUnary()];
    for (;;) {
      const token = peek();
      if (token.kind === 'and') {
        next();
        needTerm('AND');
        items.push(parseUnary());
      } else if (startsTerm(token)) items.push(parseUnary());
      else break;
    }
    return items.length === 1 ? items[0]! : { type: 'and', items };
  }
  function parseUnary(): TaskQueryNode {
    if (peek().kind === 'not') {
      next();
      needTerm('NOT');
      return { type: 'not', item: parseUnary() };
    }
    return parsePrimary();
  }
  function parsePrimary(): TaskQueryNode {
    const token = next();
    if (token.kind === 'lparen') {
      if (peek().kind === 'rparen') throw new TaskQueryError('expected a term inside "( )"', peek().start, TERM_START);
      needTerm('"("');
      const inner = parseOr();
      const close = peek();
      if (close.kind !== 'rparen')
        throw new TaskQueryError(`expected ")" to close the "(" at column ${token.start + 1}, found ${describe(close)}`, close.start, ['")"', 'AND', 'OR']);
      next();
      return inner;
    }
    if (token.kind === 'word') {
      if (++terms > MAX_QUERY_TERMS) throw new TaskQueryError(`a query has at most ${MAX_QUERY_TERMS} terms`, token.start, ['fewer terms']);
      return term(token);
    }
    throw new TaskQueryError(
      token.kind === 'and' || token.kind === 'or' ? `expected a term before ${describe(token)}` : `expected a term, found ${describe(token)}`,
      token.start,
      TERM_START,
    );
  }

  if (peek().kind === 'end') return null;
  const node = parseOr();
  const rest = peek();
  if (rest.kind !== 'end')
    throw new TaskQueryError(rest.kind === 'rparen' ? 'this ")" closes no "("' : `unexpected ${describe(rest)}`, rest.start, ['AND', 'OR', 'the end of the query']);
  return TaskQueryNode.parse(node);
}

// ---- Normalisation ------------------------------------------------------------------------------

/** Flower's "any" text: everything a person may remember of a task, not its traceback. */
const ANY_FIELDS: SearchTextField[] = ['id', 'name', 'state', 'worker', 'queue', 'args', 'kwargs', 'result', 'exception'];

/** `kwargs:user=42` as the text the worker's kwargs repr holds: `'user': 42` then `,` or `}`, or `'user': '42'`. */
function kwargNeedles(key: string, value: string): string[] {
  const k = asciiLower(key);
  const v = asciiLower(value);
  return [`'${k}': ${v},`, `'${k}': ${v}}`, `'${k}': '${v}'`, `"${k}": ${v},`, `"${k}": ${v}}`, `"${k}": "${v}"`];
}

type Leaf = Exclude<TaskQueryNode, { type: 'and' | 'or' | 'not' }>;

function leafClause(leaf: Leaf, negate: boolean): TaskClause {
  switch (leaf.type) {
    case 'state':
      return { kind: 'state', normalised: leaf.normalised, native: leaf.native, negate };
    case 'member':
      return { kind: 'member', field: leaf.field, values: leaf.values, prefixes: leaf.prefixes, negate };
    case 'text': {
      const fields: SearchTextField[] = leaf.field === 'any' ? ANY_FIELDS : leaf.field === 'exception' ? ['exception', 'traceback'] : [leaf.field];
      return { kind: 'text', fields, needles: [asciiLower(leaf.value)], negate };
    }
    case 'kwarg':
      return { kind: 'text', fields: ['kwargs'], needles: kwargNeedles(leaf.key, leaf.value), negate };
    case 'compare':
      return { kind: 'compare', field: leaf.field as SearchNumberField, op: leaf.op, operand: leaf.operand, negate };
  }
}

/**
 * The query as the store's disjunction of conjunctions: NOT pushed down to the terms (De Morgan),
 * then AND distributed over OR. Null (no query) is one empty branch: every task.
 */
export function toTaskSearch(node: TaskQueryNode | null): TaskSearch {
  if (node === null) return { branches: [[]] };
  const dnf = (n: TaskQueryNode, negate: boolean): TaskClause[][] => {
    if (n.type === 'not') return dnf(n.item, !negate);
    if (n.type === 'and' || n.type === 'or') {
      const conjunctive = (n.type === 'and') !== negate;
      const parts = n.items.map((item) => dnf(item, negate));
      if (!conjunctive) {
        const all = parts.flat();
        if (all.length > MAX_QUERY_BRANCHES) throw tooComplex(all.length);
        return all;
      }
      let product: TaskClause[][] = [[]];
      for (const part of parts) {
        if (product.length * part.length > MAX_QUERY_BRANCHES) throw tooComplex(product.length * part.length);
        product = product.flatMap((left) => part.map((right) => [...left, ...right]));
      }
      return product;
    }
    return [[leafClause(n, negate)]];
  };
  return { branches: dnf(node, false) };
}

function tooComplex(branches: number): TaskQueryError {
  return new TaskQueryError(
    `the query multiplies out to ${branches} alternatives (at most ${MAX_QUERY_BRANCHES}): factor the ORs, or use value lists like name:a,b`,
    0,
    ['fewer ORs inside ANDs'],
  );
}

/** The naive evaluation of a query on one record, straight from the AST (no normalisation): the tests' reference. */
export function matchesTaskQuery(node: TaskQueryNode | null, record: TaskRecord, now: number): boolean {
  if (node === null) return true;
  switch (node.type) {
    case 'and':
      return node.items.every((item) => matchesTaskQuery(item, record, now));
    case 'or':
      return node.items.some((item) => matchesTaskQuery(item, record, now));
    case 'not':
      return !matchesTaskQuery(node.item, record, now);
    default:
      return clauseHolds(leafClause(node, false), record, now);
  }
}

/** Structured filters (the task list's query parameters) as a query, to AND with a typed one. */
export interface TaskFilters {
  states?: readonly JobState[];
  queue?: string;
  name?: string;
  worker?: string;
  /** Epoch ms, inclusive, on the time each task entered its state. */
  since?: number;
  until?: number;
  /** Case-insensitive text anywhere (as a bare word of the language). */
  text?: string;
}

export function taskFiltersQuery(filters: TaskFilters): TaskQueryNode | null {
  const span = { start: 0, end: 0 };
  const items: TaskQueryNode[] = [];
  if (filters.states && filters.states.length > 0) items.push({ type: 'state', normalised: [...filters.states], native: [], span });
  for (const field of memberFields) {
    const value = filters[field];
    if (value) items.push({ type: 'member', field, values: [value], prefixes: [], span });
  }
  if (filters.since !== undefined) items.push({ type: 'compare', field: 'at', op: '>=', operand: { value: filters.since }, span });
  if (filters.until !== undefined) items.push({ type: 'compare', field: 'at', op: '<=', operand: { value: filters.until }, span });
  if (filters.text) items.push({ type: 'text', field: 'any', value: filters.text, span });
  return andQueries(...items);
}

/** Every one of the queries (nulls mean "anything"). */
export function andQueries(...nodes: Array<TaskQueryNode | null>): TaskQueryNode | null {
  const items = nodes.filter((node): node is TaskQueryNode => node !== null);
  if (items.length === 0) return null;
  return items.length === 1 ? items[0]! : { type: 'and', items };
}
