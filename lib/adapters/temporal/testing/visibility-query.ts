/**
 * The subset of Temporal's visibility query language the in-process WorkflowService understands,
 * with the server's semantics: `AND`/`OR`/`NOT`/parentheses; `= != > >= < <=`, `IN (...)`,
 * `NOT IN`, `STARTS_WITH`, `BETWEEN x AND y`, `IS [NOT] NULL`; datetime attributes compared as
 * instants; an unknown attribute or status value is INVALID_ARGUMENT; `ORDER BY` is refused (as on
 * standard visibility); `GROUP BY` only `ExecutionStatus`, and only where the caller allows it
 * (count).
 */

export type AttributeType = 'Keyword' | 'Text' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList';
export type AttributeValue = string | number | boolean | null | string[];

export const SYSTEM_ATTRIBUTES: Record<string, AttributeType> = {
  WorkflowId: 'Keyword',
  RunId: 'Keyword',
  WorkflowType: 'Keyword',
  ExecutionStatus: 'Keyword',
  TaskQueue: 'Keyword',
  StartTime: 'Datetime',
  CloseTime: 'Datetime',
  ExecutionTime: 'Datetime',
  HistoryLength: 'Int',
  ParentWorkflowId: 'Keyword',
  RootWorkflowId: 'Keyword',
};

export const EXECUTION_STATUS_NAMES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;

export class InvalidQueryError extends Error {}

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'op'; value: string }
  | { kind: 'punct'; value: '(' | ')' | ',' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i++];
      }
      if (i >= text.length) throw new InvalidQueryError('unterminated string');
      i++;
      tokens.push({ kind: 'string', value });
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) throw new InvalidQueryError('unterminated backquote');
      tokens.push({ kind: 'ident', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if ('(),'.includes(c)) {
      tokens.push({ kind: 'punct', value: c as '(' | ')' | ',' });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = text.slice(i, i + 2);
      if (['!=', '>=', '<=', '<>'].includes(two)) {
        tokens.push({ kind: 'op', value: two === '<>' ? '!=' : two });
        i += 2;
      } else if (c === '!') {
        throw new InvalidQueryError(`unexpected "!" at ${i}`);
      } else {
        tokens.push({ kind: 'op', value: c });
        i++;
      }
    } else if (/[-\d]/.test(c)) {
      const match = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      if (!match) throw new InvalidQueryError(`unexpected "${c}" at ${i}`);
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'ident', value: match[0] });
      i += match[0].length;
    } else {
      throw new InvalidQueryError(`unexpected "${c}" at ${i}`);
    }
  }
  return tokens;
}

type Literal = string | number | boolean;
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'compare'; attribute: string; op: string; value: Literal }
  | { kind: 'in'; attribute: string; values: Literal[]; negated: boolean }
  | { kind: 'startsWith'; attribute: string; prefix: string }
  | { kind: 'between'; attribute: string; low: Literal; high: Literal }
  | { kind: 'null'; attribute: string; negated: boolean }
  | { kind: 'true' };

export interface ParsedQuery {
  where: Expr;
  groupBy: string | null;
}

const keyword = (token: Token | undefined, word: string) =>
  token?.kind === 'ident' && token.value.toUpperCase() === word;

export function parseVisibilityQuery(text: string, attributes: Record<string, AttributeType>): ParsedQuery {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expectPunct = (value: string) => {
    const token = next();
    if (token?.kind !== 'punct' || token.value !== value) throw new InvalidQueryError(`expected "${value}"`);
  };
  const attributeName = (): string => {
    const token = next();
    if (token?.kind !== 'ident') throw new InvalidQueryError('expected a search attribute name');
    if (!(token.value in attributes)) {
      throw new InvalidQueryError(`invalid search attribute: ${token.value}`);
    }
    return token.value;
  };
  const literal = (attribute: string): Literal => {
    const token = next();
    let value: Literal;
    if (token?.kind === 'string' || token?.kind === 'number') value = token.value;
    else if (keyword(token, 'TRUE')) value = true;
    else if (keyword(token, 'FALSE')) value = false;
    else throw new InvalidQueryError(`expected a value for ${attribute}`);
    return checkValue(attribute, attributes[attribute]!, value);
  };

  const primary = (): Expr => {
    if (keyword(peek(), 'NOT')) {
      next();
      return { kind: 'not', inner: primary() };
    }
    const token = peek();
    if (token?.kind === 'punct' && token.value === '(') {
      next();
      const inner = orExpr();
      expectPunct(')');
      return inner;
    }
    const attribute = attributeName();
    const op = next();
    if (op?.kind === 'op') return { kind: 'compare', attribute, op: op.value, value: literal(attribute) };
    if (keyword(op, 'STARTS_WITH')) {
      const prefix = literal(attribute);
      if (typeof prefix !== 'string') throw new InvalidQueryError('STARTS_WITH needs a string');
      return { kind: 'startsWith', attribute, prefix };
    }
    if (keyword(op, 'BETWEEN')) {
      const low = literal(attribute);
      if (!keyword(next(), 'AND')) throw new InvalidQueryError('expected AND in BETWEEN');
      return { kind: 'between', attribute, low, high: literal(attribute) };
    }
    if (keyword(op, 'IS')) {
      const negated = keyword(peek(), 'NOT');
      if (negated) next();
      if (!keyword(next(), 'NULL')) throw new InvalidQueryError('expected NULL');
      return { kind: 'null', attribute, negated };
    }
    let negated = false;
    let inToken: Token | undefined = op;
    if (keyword(op, 'NOT')) {
      negated = true;
      inToken = next();
    }
    if (keyword(inToken, 'IN')) {
      expectPunct('(');
      const values = [literal(attribute)];
      while (peek()?.kind === 'punct' && (peek() as { value: string }).value === ',') {
        next();
        values.push(literal(attribute));
      }
      expectPunct(')');
      return { kind: 'in', attribute, values, negated };
    }
    throw new InvalidQueryError(`expected an operator after ${attribute}`);
  };
  const andExpr = (): Expr => {
    let left = primary();
    while (keyword(peek(), 'AND')) {
      next();
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const orExpr = (): Expr => {
    let left = andExpr();
    while (keyword(peek(), 'OR')) {
      next();
      left = { kind: 'or', left, right: andExpr() };
    }
    return left;
  };

  let where: Expr = { kind: 'true' };
  if (pos < tokens.length && !keyword(peek(), 'ORDER') && !keyword(peek(), 'GROUP')) where = orExpr();
  let groupBy: string | null = null;
  if (keyword(peek(), 'ORDER')) throw new InvalidQueryError('ORDER BY is not supported');
  if (keyword(peek(), 'GROUP')) {
    next();
    if (!keyword(next(), 'BY')) throw new InvalidQueryError('expected BY');
    groupBy = attributeName();
    if (groupBy !== 'ExecutionStatus') {
      throw new InvalidQueryError(`'group by' clause is only supported for ExecutionStatus search attribute`);
    }
  }
  if (pos < tokens.length) throw new InvalidQueryError(`unexpected input after the query`);
  return { where, groupBy };
}

function checkValue(attribute: string, type: AttributeType, value: Literal): Literal {
  if (attribute === 'ExecutionStatus') {
    if (typeof value !== 'string' || !(EXECUTION_STATUS_NAMES as readonly string[]).includes(value)) {
      throw new InvalidQueryError(`invalid ExecutionStatus value '${String(value)}'`);
    }
  }
  if (type === 'Datetime') {
    const ms = typeof value === 'number' ? value / 1e6 : Date.parse(String(value));
    if (Number.isNaN(ms)) throw new InvalidQueryError(`invalid datetime for ${attribute}: ${String(value)}`);
    return ms;
  }
  if ((type === 'Int' || type === 'Double') && typeof value !== 'number') {
    throw new InvalidQueryError(`${attribute} needs a number`);
  }
  return value;
}

export function evaluate(expr: Expr, row: Record<string, AttributeValue>): boolean {
  switch (expr.kind) {
    case 'true':
      return true;
    case 'and':
      return evaluate(expr.left, row) && evaluate(expr.right, row);
    case 'or':
      return evaluate(expr.left, row) || evaluate(expr.right, row);
    case 'not':
      return !evaluate(expr.inner, row);
    case 'null': {
      const value = row[expr.attribute];
      const isNull = value === null || value === undefined;
      return expr.negated ? !isNull : isNull;
    }
    case 'in': {
      const hit = expr.values.some((value) => equals(row[expr.attribute], value));
      return expr.negated ? !hit : hit;
    }
    case 'startsWith': {
      const value = row[expr.attribute];
      return typeof value === 'string' && value.startsWith(expr.prefix);
    }
    case 'between':
      return compare(row[expr.attribute], '>=', expr.low) && compare(row[expr.attribute], '<=', expr.high);
    case 'compare':
      return compare(row[expr.attribute], expr.op, expr.value);
  }
}

function equals(value: AttributeValue | undefined, literal: Literal): boolean {
  if (Array.isArray(value)) return value.includes(String(literal));
  return value === literal;
}

function compare(value: AttributeValue | undefined, op: string, literal: Literal): boolean {
  if (op === '=') return equals(value, literal);
  if (op === '!=') return value !== null && value !== undefined && !equals(value, literal);
  if (value === null || value === undefined || Array.isArray(value)) return false;
  switch (op) {
    case '>':
      return value > literal;
    case '>=':
      return value >= literal;
    case '<':
      return value < literal;
    case '<=':
      return value <= literal;
  }
  return false;
}
