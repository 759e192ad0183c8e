'use client';
/**
 * A collapsible, coloured JSON tree with copy-path and search. Fast on a 1 MB payload because it
 * renders only what is open: a collapsed node has no DOM below it, an open one shows its first
 * CHILD_PAGE children and a "show more" button, and long strings are cut until asked for.
 * Everything is React text (never HTML): job data stays data.
 */
import { memo, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  childCount,
  childEntries,
  childPath,
  isContainer,
  leafKind,
  leafText,
  searchJson,
  splitMatches,
  summarize,
} from '@/lib/client/json-tree';
import type { JsonContainer, JsonSearchResult, LeafKind } from '@/lib/client/json-tree';
import { copyText } from '@/components/ui/copy-button';
import { inputClass } from '@/components/ui/control-button';

const CHILD_PAGE = 100;
const STRING_PREVIEW = 500;
/** Below this many matches the search also opens every container above each one. */
const MAX_MATCHES = 500;
/** Containers this small open by default on the first level. */
const SMALL_CONTAINER = 50;

const leafColours: Record<LeafKind, string> = {
  string: 'text-emerald-700 dark:text-emerald-400',
  number: 'text-violet-700 dark:text-violet-400',
  boolean: 'text-amber-700 dark:text-amber-400',
  null: 'text-zinc-500 dark:text-zinc-400',
};

interface TreeContext {
  query: string;
  search: JsonSearchResult | null;
  /** Explicit open/closed choices; other nodes follow the search or the default depth. */
  toggled: ReadonlyMap<string, boolean>;
  collapsed: boolean;
  toggle: (path: string, open: boolean) => void;
  copyPath: (path: string) => void;
}

function Highlighted({ text, query }: { text: string; query: string }) {
  if (!query) return <>{text}</>;
  return (
    <>
      {splitMatches(text, query).map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-yellow-200 text-inherit dark:bg-yellow-700/60" data-testid="json-match">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

function Leaf({ value, query }: { value: unknown; query: string }) {
  const [whole, setWhole] = useState(false);
  const text = leafText(value);
  const cut = !whole && text.length > STRING_PREVIEW;
  return (
    <span className={`break-all whitespace-pre-wrap ${leafColours[leafKind(value)]}`} data-testid="json-value">
      <Highlighted text={cut ? `${text.slice(0, STRING_PREVIEW)}…` : text} query={query} />
      {cut ? (
        <button
          type="button"
          onClick={() => setWhole(true)}
          className="ml-1 text-xs text-sky-700 hover:underline dark:text-sky-400"
          data-testid="json-string-more"
        >
          show all {text.length.toLocaleString('en-US')} characters
        </button>
      ) : null}
    </span>
  );
}

function Key({ name, query }: { name: string | number; query: string }) {
  if (typeof name === 'number') return <span className="text-zinc-500 dark:text-zinc-400">{name}</span>;
  return (
    <span className="text-sky-800 dark:text-sky-300">
      &quot;
      <Highlighted text={name} query={query} />
      &quot;
    </span>
  );
}

const defaultOpen = (depth: number, value: JsonContainer, collapsed: boolean) =>
  depth === 0 || (!collapsed && depth === 1 && childCount(value) <= SMALL_CONTAINER);

const JsonNode = memo(function JsonNode({
  name,
  value,
  path,
  depth,
  context,
}: {
  name: string | number;
  value: unknown;
  path: string;
  depth: number;
  context: TreeContext;
}) {
  const { query, search, toggled, collapsed, toggle, copyPath } = context;
  const [shown, setShown] = useState(CHILD_PAGE);
  const container = isContainer(value);
  const open = container && (toggled.get(path) ?? (search?.ancestors.has(path) || defaultOpen(depth, value, collapsed)));
  const matched = search?.matches.has(path) ?? false;

  let children: Array<[string | number, unknown]> = [];
  let hidden = 0;
  if (container && open) {
    const total = childCount(value);
    children = childEntries(value, 0, shown);
    if (search && total > shown) {
      // Matches past the shown page still show, after it, so a search never points at nothing.
      for (const [key, child] of childEntries(value, shown)) {
        const childAt = childPath(path, key);
        if (search.matches.has(childAt) || search.ancestors.has(childAt)) children.push([key, child]);
      }
    }
    hidden = total - Math.min(total, shown);
  }

  return (
    <li data-testid="json-node" data-path={path} data-matched={matched || undefined}>
      <div className={`group flex items-start gap-1 rounded px-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800/70 ${matched ? 'bg-yellow-50 dark:bg-yellow-900/20' : ''}`}>
        {container ? (
          <button
            type="button"
            aria-expanded={open}
            onClick={() => toggle(path, !open)}
            className="w-4 shrink-0 text-zinc-500 dark:text-zinc-400 hover:text-zinc-900 dark:hover:text-zinc-100"
            aria-label={`${open ? 'Collapse' : 'Expand'} ${path}`}
            data-testid="json-toggle"
          >
            <span aria-hidden>{open ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span aria-hidden className="w-4 shrink-0" />
        )}
        <span className="min-w-0">
          {depth === 0 ? <span className="font-semibold">{name}</span> : <Key name={name} query={query} />}
          <span className="text-zinc-500 dark:text-zinc-400">: </span>
          {container ? (
            <span className="text-zinc-500 dark:text-zinc-400" data-testid="json-summary">
              {summarize(value)}
            </span>
          ) : (
            <Leaf value={value} query={query} />
          )}
        </span>
        <button
          type="button"
          onClick={() => copyPath(path)}
          title={`Copy path ${path}`}
          aria-label={`Copy path ${path}`}
          className="ml-auto shrink-0 rounded border border-zinc-300 px-1 text-[0.65rem] text-zinc-600 group-hover:opacity-100 focus:opacity-100 sm:opacity-0 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="json-copy-path"
        >
          path
        </button>
      </div>
      {container && open ? (
        <ul className="ml-2 border-l border-zinc-200 pl-2 dark:border-zinc-800">
          {children.map(([key, child]) => (
            <JsonNode key={key} name={key} value={child} path={childPath(path, key)} depth={depth + 1} context={context} />
          ))}
          {hidden > 0 ? (
            <li>
              <button
                type="button"
                onClick={() => setShown((count) => count + CHILD_PAGE)}
                className="ml-5 text-xs text-sky-700 hover:underline dark:text-sky-400"
                data-testid="json-show-more"
              >
                Show {Math.min(CHILD_PAGE, hidden).toLocaleString('en-US')} more of {hidden.toLocaleString('en-US')} hidden
              </button>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
});

/** `value` as a tree rooted at `rootName` (the start of every copied path, e.g. `data`). */
export function JsonTree({ value, rootName, testId = 'json-tree' }: { value: unknown; rootName: string; testId?: string }) {
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query.trim());
  const [toggled, setToggled] = useState<ReadonlyMap<string, boolean>>(new Map());
  // After "Collapse all" only the root opens by default (the first level stays shut too).
  const [collapsed, setCollapsed] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const searchId = useId();

  // One pass over the payload per query, not per keystroke rendered.
  const search = useMemo(
    () => (deferredQuery.length >= 2 ? searchJson(value, rootName, deferredQuery, MAX_MATCHES) : null),
    [value, rootName, deferredQuery],
  );
  const searching = search !== null;
  const rootRef = useRef<HTMLUListElement>(null);
  // A new search brings its first match into view: in a long list it may be far below.
  useEffect(() => {
    if (search && search.matches.size > 0)
      rootRef.current?.querySelector('[data-matched]')?.scrollIntoView({ block: 'nearest' });
  }, [search]);

  const context = useMemo<TreeContext>(
    () => ({
      query: searching ? deferredQuery : '',
      search,
      toggled,
      collapsed,
      toggle: (path, open) =>
        setToggled((current) => {
          const next = new Map(current);
          next.set(path, open);
          return next;
        }),
      copyPath: (path) => {
        void copyText(path).then((done) => setCopied(done ? path : null));
      },
    }),
    [search, searching, deferredQuery, toggled, collapsed],
  );

  return (
    <div className="min-w-0 space-y-2" data-testid={testId}>
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <label htmlFor={searchId} className="sr-only">
          Search the keys and values of {rootName}
        </label>
        <input
          id={searchId}
          type="search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            // A new search opens its own matches; earlier clicks would hide them.
            setToggled(new Map());
          }}
          placeholder={`Search ${rootName}`}
          className={`${inputClass} w-64 max-w-full text-xs`}
          data-testid="json-search"
        />
        {search ? (
          <span className="text-zinc-500 dark:text-zinc-400" data-testid="json-search-count" role="status">
            {search.matches.size === 0
              ? 'no match'
              : `${search.matches.size.toLocaleString('en-US')}${search.capped ? '+' : ''} ${search.matches.size === 1 ? 'match' : 'matches'}`}
          </span>
        ) : null}
        <button
          type="button"
          onClick={() => {
            setCollapsed(true);
            setToggled(new Map());
          }}
          className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          data-testid="json-collapse-all"
        >
          Collapse all
        </button>
        {copied ? (
          <span className="text-zinc-600 dark:text-zinc-400" role="status" data-testid="json-copied">
            Copied <span className="font-mono">{copied}</span>
          </span>
        ) : null}
      </div>
      <ul ref={rootRef} className="overflow-x-auto font-mono text-xs leading-relaxed" data-testid="json-tree-root">
        <JsonNode name={rootName} value={value} path={rootName} depth={0} context={context} />
      </ul>
    </div>
  );
}
