/**
 * The Celery live feed: no upstream of its own — the source's event ingest already holds the ONE
 * PSUBSCRIBE; this relays its status and task state changes to the hub, and takes a counts
 * snapshot (the adapter's overview read) when changes came, at most every `snapshotMs`, and in
 * full every `fullSnapshotMs` to catch what no event announces (messages piling up in the broker).
 * The workers list (from the index the heartbeats fill) goes to the hub every `workersEveryMs`.
 */
import 'server-only';
import type { TaskChange } from '@/lib/store/celery-task-index';
import type { JobState, LiveJobEvent, LiveQueueFacts, LiveSink, LiveSource, LiveUpstream, Queue, WorkerList } from '../types';
import type { CeleryEventIngest } from './events';

export interface CeleryLiveOptions {
  snapshotMs?: number;
  fullSnapshotMs?: number;
  /** How often the workers list is read while watched, ms (default 1000): offline is a heartbeat not arriving. */
  workersEveryMs?: number;
}

const EVENT_OF_STATE: Record<string, string> = {
  PENDING: 'task-sent',
  RECEIVED: 'task-received',
  STARTED: 'task-started',
  SUCCESS: 'task-succeeded',
  FAILURE: 'task-failed',
  RETRY: 'task-retried',
  REVOKED: 'task-revoked',
  REJECTED: 'task-rejected',
};

/** A task-index change as the hub's job event (pure). */
export function toLiveJobEvent(change: TaskChange): LiveJobEvent {
  const touched: JobState[] = change.previous && change.previous !== change.state ? [change.previous, change.state] : [change.state];
  return {
    queue: change.queue,
    id: change.id,
    event: EVENT_OF_STATE[change.nativeState] ?? `task-${change.nativeState.toLowerCase()}`,
    state: change.state,
    touched,
    at: change.at,
  };
}

export function createCeleryLive(
  ingest: CeleryEventIngest,
  listQueues: () => Promise<Queue[]>,
  options: CeleryLiveOptions = {},
  listWorkers?: () => Promise<WorkerList>,
): LiveSource {
  const snapshotMs = options.snapshotMs ?? 250;
  const fullSnapshotMs = options.fullSnapshotMs ?? 5_000;
  const workersEveryMs = options.workersEveryMs ?? 1_000;
  return {
    start(sink: LiveSink): LiveUpstream {
      let dirty = true;
      let lastFull = 0;
      let lastSnapshot = 0;
      let busy = false;
      let stopped = false;
      const unsubscribe = ingest.subscribe({
        status: (status, error) => {
          dirty = true;
          sink.status(status, error);
        },
        changes: (changes) => {
          dirty = true;
          sink.jobs(changes.map(toLiveJobEvent));
        },
      });
      sink.status(ingest.status);
      const tick = async () => {
        const now = Date.now();
        const full = now - lastFull >= fullSnapshotMs;
        if (busy || stopped || (!full && !(dirty && now - lastSnapshot >= snapshotMs))) return;
        busy = true;
        dirty = false;
        lastSnapshot = now;
        if (full) lastFull = now;
        try {
          const queues = await listQueues();
          if (!stopped) sink.snapshot(queues.map(({ workerCount: _none, ...facts }): LiveQueueFacts => facts));
        } catch {
          dirty = true;
          if (full) lastFull = 0;
        } finally {
          busy = false;
        }
      };
      const ticker = setInterval(() => void tick(), Math.min(snapshotMs, 250));
      ticker.unref?.();
      void tick();
      // Workers: a heartbeat updates the index, and a worker that stops beating goes offline by
      // time alone, so the list is read on a timer (the hub tells viewers only what changed).
      let readingWorkers = false;
      const readWorkers = async () => {
        if (!listWorkers || readingWorkers || stopped) return;
        readingWorkers = true;
        try {
          const list = await listWorkers();
          if (!stopped) sink.workers?.(list.workers);
        } catch {
          // The status already says the source is down.
        } finally {
          readingWorkers = false;
        }
      };
      const workersTicker = listWorkers ? setInterval(() => void readWorkers(), workersEveryMs) : null;
      workersTicker?.unref?.();
      void readWorkers();
      return {
        async stop() {
          stopped = true;
          clearInterval(ticker);
          if (workersTicker) clearInterval(workersTicker);
          unsubscribe();
        },
      };
    },
  };
}
