/**
 * What the command palette (components/shell/command-palette.tsx) offers for what was typed: pages,
 * sources and queues ranked by how well their names match, and "go to job <text>" — pure, so the
 * ranking is tested without a browser.
 */
import { overviewHref, queueHref, sourceHref } from './routes';

export interface PaletteItem {
  /** Unique within one list (React key and the option's DOM id). */
  key: string;
  kind: 'page' | 'source' | 'queue' | 'job';
  label: string;
  /** Shown muted beside the label: the source a queue belongs to, a source's kind. */
  detail?: string;
  /** Where choosing it goes; a `job` item has none (it is looked up first). */
  href?: string;
  /** The id to look up, on a `job` item. */
  jobId?: string;
}

/** Pages one click from anywhere: the sidebar's links and the palette's first items. */
export const shellPages = [
  { key: 'overview', label: 'Overview', href: overviewHref() },
  { key: 'workers', label: 'Workers', href: '/workers' },
  { key: 'schedules', label: 'Schedules', href: '/schedules' },
  { key: 'dead-letters', label: 'Dead letters', href: '/dead-letters' },
  { key: 'audit', label: 'Audit', href: '/audit' },
] as const;

export interface PaletteSource {
  id: string;
  label: string;
  kind: string;
  /** Null while the source's queues are loading or cannot be read (it is down). */
  queues: readonly string[] | null;
}

/**
 * How well `text` matches `candidate`, lower is better, null when it does not: the same name, a
 * prefix, a word that starts with it, anywhere inside, then its letters in order (fuzzy, "emls"
 * finds "emails") — tighter spreads first. Case does not matter.
 */
export function matchScore(candidate: string, text: string): number | null {
  const name = candidate.toLowerCase();
  const wanted = text.toLowerCase();
  if (wanted === '') return 0;
  if (name === wanted) return 0;
  if (name.startsWith(wanted)) return 1;
  const at = name.indexOf(wanted);
  if (at > 0) return /[^a-z0-9]/.test(name[at - 1]!) ? 2 : 3;
  // Letters in order: the score grows with how far apart they are.
  let from = 0;
  let first = -1;
  for (const letter of wanted) {
    const found = name.indexOf(letter, from);
    if (found < 0) return null;
    if (first < 0) first = found;
    from = found + 1;
  }
  const spread = from - first - wanted.length;
  return 4 + spread / (name.length + 1);
}

function bestScore(candidates: readonly string[], text: string): number | null {
  let best: number | null = null;
  for (const candidate of candidates) {
    const score = matchScore(candidate, text);
    if (score !== null && (best === null || score < best)) best = score;
  }
  return best;
}

/** At most this many places are listed; typing narrows them. */
export const PALETTE_LIMIT = 50;

/**
 * The palette's list for `text`: matching pages, sources and queues, best first (ties keep the
 * sidebar's order), and — once something is typed — "go to job <text>", first when the text is a
 * plain number (BullMQ's own ids) or nothing else matched, last otherwise.
 */
export function paletteItems(sources: readonly PaletteSource[], typed: string): PaletteItem[] {
  const text = typed.trim();
  const ranked: { item: PaletteItem; score: number; order: number }[] = [];
  const add = (item: PaletteItem, candidates: readonly string[]) => {
    const score = bestScore(candidates, text);
    if (score !== null) ranked.push({ item, score, order: ranked.length });
  };

  for (const page of shellPages) add({ key: `page:${page.key}`, kind: 'page', label: page.label, href: page.href }, [page.label]);
  for (const source of sources) {
    add(
      { key: `source:${source.id}`, kind: 'source', label: source.label, detail: source.kind, href: sourceHref(source.id) },
      [source.label, source.id],
    );
    for (const queue of source.queues ?? []) {
      add(
        { key: `queue:${source.id}/${queue}`, kind: 'queue', label: queue, detail: source.label, href: queueHref(source.id, queue) },
        // "main/emails" and "Main Redis emails" find it as well as "emails" does.
        [queue, `${source.id}/${queue}`, `${source.label} ${queue}`],
      );
    }
  }
  ranked.sort((a, b) => a.score - b.score || a.order - b.order);
  const places = ranked.slice(0, PALETTE_LIMIT).map((entry) => entry.item);
  if (text === '') return places;

  const job: PaletteItem = { key: 'job', kind: 'job', label: `Go to job ${text}`, jobId: text };
  return /^\d+$/.test(text) || places.length === 0 ? [job, ...places] : [...places, job];
}
