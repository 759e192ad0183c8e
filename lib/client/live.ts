/**
 * The browser side of the live feed: ONE EventSource per tab, on the topics of whatever is on
 * screen (derived from the query cache), applying events to that cache. It owns the connection
 * state the indicator shows and that lib/client/refresh.ts reads to stop polling while healthy.
 */
import type { QueryClient } from '@tanstack/react-query';
import { LiveEvent, liveEventTypes } from '@/lib/live/events';
import { basePath } from './api';
import { applyLiveEvent, topicsFor } from './live-apply';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

/** Where the last event id is kept so a reload resumes too (EventSource forgets it). */
const LAST_ID_KEY = 'yardmaster.live.lastEventId';
/** Topic changes (navigation) settle this long before the stream is reopened, ms. */
const TOPIC_SETTLE_MS = 150;
/** Our own retry when the browser gave up (server answered an error), ms: doubles up to the max. */
const RETRY_MIN_MS = 2_000;
const RETRY_MAX_MS = 30_000;

class LiveFeed {
  private status: LiveStatus = 'idle';
  private readonly listeners = new Set<() => void>();
  /** Sources of the current stream without a live feed of their own: they keep polling. */
  private unlive = new Set<string>();
  private source: EventSource | null = null;
  private topics = '';
  private client: QueryClient | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = RETRY_MIN_MS;
  private lastId = '';

  getStatus = (): LiveStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** True when events keep this query fresh, so it must not poll. */
  covers(queryKey: readonly unknown[]): boolean {
    if (this.status !== 'live') return false;
    return !(queryKey[0] === 'source' && typeof queryKey[1] === 'string' && this.unlive.has(queryKey[1]));
  }

  /** Start following `client`'s on-screen queries; returns the disconnect. One call per tab. */
  connect(client: QueryClient): () => void {
    this.client = client;
    try {
      this.lastId = sessionStorage.getItem(LAST_ID_KEY) ?? '';
    } catch {
      this.lastId = '';
    }
    const unsubscribe = client.getQueryCache().subscribe((event) => {
      // A query's first data (or its 404) decides whether it has a topic: see seenToExist.
      const answered = event.type === 'updated' && (event.action.type === 'success' || event.action.type === 'error');
      if (event.type === 'observerAdded' || event.type === 'observerRemoved' || event.type === 'added' || event.type === 'removed' || answered)
        this.scheduleTopics();
    });
    this.scheduleTopics();
    return () => {
      unsubscribe();
      this.close();
      this.client = null;
      this.setStatus('idle');
    };
  }

  private scheduleTopics(): void {
    if (this.settleTimer) return;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = null;
      this.updateTopics();
    }, TOPIC_SETTLE_MS);
  }

  private updateTopics(): void {
    if (!this.client) return;
    const topics = topicsFor(this.client.getQueryCache().getAll()).join(',');
    if (topics === this.topics && (this.source || this.retryTimer)) return;
    this.topics = topics;
    this.open();
  }

  private open(): void {
    this.close();
    if (!this.topics) {
      this.setStatus('idle');
      return;
    }
    if (this.status !== 'live') this.setStatus(this.status === 'idle' ? 'connecting' : this.status);
    const query = new URLSearchParams({ topics: this.topics });
    if (this.lastId) query.set('lastEventId', this.lastId);
    const source = new EventSource(`${basePath()}/api/v1/events?${query}`);
    this.source = source;
    for (const type of liveEventTypes) source.addEventListener(type, (message) => this.onMessage(message as MessageEvent<string>));
    source.onerror = () => {
      if (this.source !== source) return;
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry (an error answer): we do, backing off.
        this.source = null;
        this.setStatus('offline');
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.open();
        }, this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      } else {
        this.setStatus('reconnecting');
      }
    };
  }

  private close(): void {
    this.source?.close();
    this.source = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private onMessage(message: MessageEvent<string>): void {
    let event: LiveEvent;
    try {
      event = LiveEvent.parse(JSON.parse(message.data));
    } catch {
      return;
    }
    if (message.lastEventId && message.lastEventId !== this.lastId) {
      this.lastId = message.lastEventId;
      try {
        sessionStorage.setItem(LAST_ID_KEY, this.lastId);
      } catch {
        // private mode: resume after a reload just becomes a reset
      }
    }
    if (event.type === 'hello') {
      this.unlive = new Set(event.sources.filter((source) => !source.live).map((source) => source.id));
      this.retryMs = RETRY_MIN_MS;
      this.setStatus('live');
    }
    if (this.client) applyLiveEvent(this.client, event);
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.listeners) listener();
    if (this.client) recomputeRefetchIntervals(this.client);
  }
}

/**
 * TanStack Query re-reads a function `refetchInterval` only when an observer's options are set or its
 * query updates; setting the same options again makes every observer stop or resume polling now.
 */
function recomputeRefetchIntervals(client: QueryClient): void {
  for (const query of client.getQueryCache().getAll())
    for (const observer of query.observers) observer.setOptions(observer.options);
}

/** The tab's one live feed. */
export const liveFeed = new LiveFeed();
