/**
 * Yardmaster's configuration: parsed once from the environment (and the file it
 * names), validated by zod with messages that name the bad field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const sourceId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, "_", "." or "-"');

const redisUrl = z
  .string()
  .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL');

export const BullmqSourceConfig = z.object({
  id: sourceId,
  kind: z.literal('bullmq'),
  redis: redisUrl,
  prefix: z.string().min(1).default('bull'),
  /** Fixed queue list; when absent, queues are discovered by SCAN and re-discovered periodically. */
  queues: z.array(z.string().min(1)).min(1).optional(),
  label: z.string().min(1).optional(),
  readOnly: z.boolean().default(false),
});
export type BullmqSourceConfig = z.infer<typeof BullmqSourceConfig>;

const seconds = z.number().int().positive();

/** How long the dashboard's Celery task index keeps a task after it reached a state, seconds. */
export const CeleryRetention = z
  .object({
    /** SUCCESS (default 1 day). */
    succeeded: seconds.default(86_400),
    /** FAILURE and REJECTED (default 7 days). */
    failed: seconds.default(604_800),
    /** REVOKED (default 7 days). */
    revoked: seconds.default(604_800),
    /** Tasks stuck in a non-final state (lost events, a worker killed mid-task), default 7 days. */
    unfinished: seconds.default(604_800),
    /** An offline worker fades out of the list after this long, default 1 day. */
    offlineWorkers: seconds.default(86_400),
  })
  .strict();
export type CeleryRetention = z.infer<typeof CeleryRetention>;

export const CelerySourceConfig = z
  .object({
    id: sourceId,
    kind: z.literal('celery'),
    /** The kombu Redis broker: `redis://host:port/db` (the db picks the event channels `/{db}.celeryev/*`). */
    broker: redisUrl,
    /** The Redis result backend (`celery-task-meta-*`); default the broker. */
    backend: redisUrl.optional(),
    /** Queues to show besides the ones discovered from `_kombu.binding.*`. */
    queues: z.array(z.string().min(1)).min(1).optional(),
    /** kombu's `global_keyprefix` transport option: prefixes every broker key and channel. */
    globalKeyPrefix: z.string().default(''),
    /** kombu's `priority_steps`: the priority sub-lists `<queue>\x06\x16<step>` (step 0 is the queue itself). */
    prioritySteps: z.array(z.number().int().min(0).max(255)).min(1).default([0, 3, 6, 9]),
    retention: CeleryRetention.default(CeleryRetention.parse({})),
    /** Most tasks the index keeps; the oldest are dropped beyond it. */
    maxTasks: z.number().int().min(100).default(1_000_000),
    /** Where the dashboard keeps its task index; default the broker's Redis. */
    store: redisUrl.optional(),
    /** How often the `enable_events` broadcast goes out, so workers started without -E report; 0 = never. */
    enableEventsEveryMs: z.number().int().min(0).default(5_000),
    /** How long a worker control (revoke, rate limit, pool, ...) waits for the workers' replies, ms. */
    controlReplyMs: z.number().int().min(100).max(30_000).default(2_000),
    label: z.string().min(1).optional(),
    readOnly: z.boolean().default(false),
  })
  .strict();
export type CelerySourceConfig = z.infer<typeof CelerySourceConfig>;

/** A Temporal frontend address: `host:port`, or `[ipv6]:port`. */
const temporalAddress = z
  .string()
  .regex(/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');

/** TLS to the frontend: `true` for the system's roots, or files for a private CA and mutual TLS. */
export const TemporalTlsConfig = z.union([
  z.literal(true),
  z
    .object({
      /** Name the server's certificate must carry, when it differs from the address's host. */
      serverName: z.string().min(1).optional(),
      /** PEM file of the CA that signed the server's certificate (default: the system's roots). */
      caFile: z.string().min(1).optional(),
      /** PEM files of the client certificate and its key (mutual TLS, e.g. Temporal Cloud mTLS). */
      certFile: z.string().min(1).optional(),
      keyFile: z.string().min(1).optional(),
    })
    .strict()
    .refine((tls) => (tls.certFile === undefined) === (tls.keyFile === undefined), {
      message: 'certFile and keyFile go together',
      path: ['keyFile'],
    }),
]);
export type TemporalTlsConfig = z.infer<typeof TemporalTlsConfig>;

/** A codec server (the Temporal UI's protocol): `POST <endpoint>/decode` turns stored payloads into readable ones. */
export const TemporalCodecConfig = z
  .object({
    endpoint: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
    /** Send the API key as `Authorization: Bearer` to the codec server (https endpoints only). */
    passAccessToken: z.boolean().default(false),
  })
  .strict()
  .refine((codec) => !codec.passAccessToken || codec.endpoint.startsWith('https:'), {
    message: 'passAccessToken needs an https:// endpoint (the token must not travel in clear)',
    path: ['passAccessToken'],
  });
export type TemporalCodecConfig = z.infer<typeof TemporalCodecConfig>;

const temporalNamespace = z.string().min(1).max(255);

export const TemporalSourceConfig = z
  .object({
    id: sourceId,
    kind: z.literal('temporal'),
    /** The frontend service, `host:7233`. */
    address: temporalAddress,
    /** One namespace (default `default`), or several with `namespaces`. */
    namespace: temporalNamespace.optional(),
    namespaces: z.array(temporalNamespace).min(1).optional(),
    tls: TemporalTlsConfig.optional(),
    /** Sent as `Authorization: Bearer <apiKey>` on every call (Temporal Cloud API keys). */
    apiKey: z.string().min(1).optional(),
    codec: TemporalCodecConfig.optional(),
    /** Task queues to show besides the ones seen on recent workflows (Temporal cannot list task queues). */
    taskQueues: z.array(z.string().min(1)).min(1).optional(),
    /** Redis for this source's audit and idempotency records; default the first source that has a Redis. */
    store: redisUrl.optional(),
    /** Deadline of one call to the frontend, ms. */
    callTimeoutMs: z.number().int().min(100).max(60_000).default(5_000),
    label: z.string().min(1).optional(),
    readOnly: z.boolean().default(false),
  })
  .strict()
  .refine((source) => source.namespace === undefined || source.namespaces === undefined, {
    message: 'give either namespace or namespaces, not both',
    path: ['namespaces'],
  })
  .refine((source) => new Set(source.namespaces ?? []).size === (source.namespaces?.length ?? 0), {
    message: 'a namespace is listed twice',
    path: ['namespaces'],
  });
export type TemporalSourceConfig = z.infer<typeof TemporalSourceConfig>;

/** The namespaces a Temporal source reads, in config order (`default` when none is named). */
export function temporalNamespaces(config: Pick<TemporalSourceConfig, 'namespace' | 'namespaces'>): string[] {
  return config.namespaces ?? [config.namespace ?? 'default'];
}

export const SourceConfig = z.discriminatedUnion('kind', [
  BullmqSourceConfig,
  CelerySourceConfig,
  TemporalSourceConfig,
]);
export type SourceConfig = z.infer<typeof SourceConfig>;

export const YardmasterConfig = z
  .object({
    sources: z.array(SourceConfig).min(1),
    readOnly: z.boolean().default(false),
    /** How often queue discovery re-runs, ms. */
    discoveryIntervalMs: z.number().int().min(500).default(10_000),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.sources.forEach((source, index) => {
      if (seen.has(source.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sources', index, 'id'],
          message: `duplicate source id "${source.id}"`,
        });
      }
      seen.add(source.id);
    });
  });
export type YardmasterConfig = z.infer<typeof YardmasterConfig>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `sources.0.redis: must be a redis:// URL` — one line per issue, naming the field. */
export function formatConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('\n');
}

/** Validate raw JSON text (from a file or YARDMASTER_SOURCES); `origin` names it in errors. */
export function parseConfigText(text: string, origin: string): YardmasterConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid JSON: ${(error as Error).message}`);
  }
  // YARDMASTER_SOURCES may hold just the sources array.
  const candidate = Array.isArray(raw) ? { sources: raw } : raw;
  const parsed = YardmasterConfig.safeParse(candidate);
  if (!parsed.success) {
    throw new ConfigError(`invalid configuration in ${origin}:\n${formatConfigIssues(parsed.error)}`);
  }
  return parsed.data;
}

type Env = Record<string, string | undefined>;

function configPathFromArgv(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--config');
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((arg) => arg.startsWith('--config='));
  return inline?.slice('--config='.length);
}

const truthy = (value: string | undefined) => value === '1' || value === 'true';

/** Build the configuration from env + argv. Pure apart from reading the named file. */
export function loadConfig(env: Env = process.env, argv: readonly string[] = process.argv): YardmasterConfig {
  const file = configPathFromArgv(argv) ?? env.YARDMASTER_CONFIG;
  let config: YardmasterConfig;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
    }
    config = parseConfigText(text, file);
  } else if (env.YARDMASTER_SOURCES) {
    config = parseConfigText(env.YARDMASTER_SOURCES, 'YARDMASTER_SOURCES');
  } else {
    config = YardmasterConfig.parse({
      sources: [{ id: 'bullmq', kind: 'bullmq', redis: env.REDIS_URL || 'redis://127.0.0.1:6379' }],
    });
  }
  if (truthy(env.YARDMASTER_READ_ONLY)) config = { ...config, readOnly: true };
  return config;
}
