/**
 * The workflows the Temporal integration tests read, as histories in the official JSON format held
 * by the in-process WorkflowService: completed, failed after activity retries, timed out, cancelled,
 * terminated, continued-as-new, running with a retrying activity, a parent with a running child,
 * one with timers, signals, updates and markers, an encrypted input, and a generated 51,200-event
 * history (the server's limit, closed as the server closes it).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TemporalSourceConfig } from '@/lib/config';
import { createTemporalAdapter } from '../adapter';
import type { TemporalAdapter } from '../adapter';
import { FakeTemporal } from './fake-temporal';
import { HistoryBuilder, failure, jsonPayload } from './history-builder';
import { lookupType } from './service-definition';

export const NS = 'default';
export const CONTRACT_QUEUE = 'payments';
export const FLOW_QUEUE = 'fulfilment';
export const CHILD_QUEUE = 'fulfilment-children';
export const BIG_QUEUE = 'ledger';
export const BIG_WORKFLOW = 'ledger-51200';
export const BIG_EVENTS = 51_200;

const HOUR = 3_600_000;

export interface SeededTemporal {
  fake: FakeTemporal;
  address: string;
  /** Epoch ms every fixture is placed around. */
  base: number;
}

/** Start the in-process service and store every fixture workflow in it. */
export async function startSeededTemporal(options: { big?: boolean; codecKey?: Buffer } = {}): Promise<SeededTemporal> {
  const fake = new FakeTemporal({ searchAttributes: { CustomerId: 'Keyword', Priority: 'Int' }, longPollMs: 2_000 });
  const address = await fake.start();
  const base = Date.now() - 2 * HOUR;
  seedContractQueue(fake, base);
  seedFlowQueue(fake, base);
  if (options.codecKey) seedEncrypted(fake, base, options.codecKey);
  if (options.big) seedBigHistory(fake, base);
  fake.setPollers(NS, CONTRACT_QUEUE, 'workflow', [{ identity: '4242@worker-a', lastAccessTime: Date.now() - 3_000 }]);
  fake.setPollers(NS, CONTRACT_QUEUE, 'activity', [
    { identity: '4242@worker-a', lastAccessTime: Date.now() - 2_000 },
    { identity: '4343@worker-b', lastAccessTime: Date.now() - 1_000, ratePerSecond: 50 },
  ]);
  fake.setBacklog(NS, CONTRACT_QUEUE, 'activity', 17, 45_000);
  return { fake, address, base };
}

let runCounter = 0;
const runId = (label: string) => `${label}-${(++runCounter).toString(16).padStart(4, '0')}-run`;

function start(workflowId: string, workflowType: string, taskQueue: string, startAt: number, extra: Partial<ConstructorParameters<typeof HistoryBuilder>[0]> = {}) {
  const first = extra.firstRunId ?? runId(workflowId);
  return { builder: new HistoryBuilder({ workflowId, workflowType, taskQueue, startAt, firstRunId: first, ...extra }), runId: first };
}

/** `payments`: 3 completed, 2 failed (one failed, one timed out), 1 running, 1 terminated. */
function seedContractQueue(fake: FakeTemporal, base: number): void {
  for (let i = 1; i <= 3; i++) {
    const { builder, runId: id } = start(`payment-${i}`, 'ChargeCard', CONTRACT_QUEUE, base + i * 60_000, {
      input: [{ orderId: `o-${i}`, amount: i * 10 }],
      memo: { note: `charge ${i}` },
      searchAttributes: { CustomerId: `c-${i}` },
    });
    builder.activity({ type: 'charge', input: [{ amount: i * 10 }], result: { chargeId: `ch-${i}` } });
    builder.complete({ charged: i * 10 });
    fake.addRun(NS, id, builder.json());
  }
  {
    const { builder, runId: id } = start('payment-failed', 'ChargeCard', CONTRACT_QUEUE, base + 10 * 60_000, { input: [{ orderId: 'o-f', amount: 99 }] });
    builder.activity({
      type: 'charge',
      failures: [{ message: 'card declined', type: 'CardDeclined' }, { message: 'card declined', type: 'CardDeclined' }, { message: 'card declined', type: 'CardDeclined' }],
      fails: true,
      maxAttempts: 3,
    });
    builder.fail({ message: 'payment failed: card declined', type: 'PaymentFailed', stackTrace: 'PaymentFailed: payment failed\n    at chargeCard (/app/workflows.ts:31:9)' });
    fake.addRun(NS, id, builder.json());
  }
  {
    const { builder, runId: id } = start('payment-timeout', 'ChargeCard', CONTRACT_QUEUE, base + 11 * 60_000, { input: [{ orderId: 'o-t' }] });
    builder.activity({ type: 'charge', timesOut: true });
    builder.timedOut();
    fake.addRun(NS, id, builder.json());
  }
  {
    const { builder, runId: id } = start('payment-running', 'ChargeCard', CONTRACT_QUEUE, base + 12 * 60_000, { input: [{ orderId: 'o-r' }] });
    builder.activity({ type: 'charge', pending: true, maxAttempts: 10 });
    fake.addRun(NS, id, builder.json(), {
      pendingActivities: [
        {
          activityId: '5',
          activityType: { name: 'charge' },
          state: 1,
          attempt: 4,
          maximumAttempts: 10,
          scheduledTime: { seconds: Math.floor((base + 12 * 60_000) / 1000) },
          lastStartedTime: { seconds: Math.floor((base + 13 * 60_000) / 1000) },
          lastFailure: failure({ message: 'gateway timeout', type: 'GatewayTimeout' }),
          lastWorkerIdentity: '4242@worker-a',
          nextAttemptScheduleTime: { seconds: Math.floor((Date.now() + 60_000) / 1000) },
        },
      ],
      queries: { __stack_trace: 'at chargeCard (/app/workflows.ts:22:5)\nat processPayment (/app/workflows.ts:9:3)', balance: { cents: 1200 } },
    });
  }
  {
    const { builder, runId: id } = start('payment-terminated', 'ChargeCard', CONTRACT_QUEUE, base + 13 * 60_000);
    builder.workflowTask();
    builder.terminated('duplicate order', 'ops@ops-box');
    fake.addRun(NS, id, builder.json());
  }
}

/** `fulfilment`: continued-as-new, a parent with a running child, timers/signals/updates/markers, cancelled. */
function seedFlowQueue(fake: FakeTemporal, base: number): void {
  {
    const first = start('nightly-sync', 'SyncInventory', FLOW_QUEUE, base + 20 * 60_000, { input: [{ cursor: 0 }] });
    const secondRun = runId('nightly-sync');
    first.builder.activity({ type: 'syncPage', result: { cursor: 500 } });
    first.builder.continuedAsNew(secondRun, [{ cursor: 500 }]);
    fake.addRun(NS, first.runId, first.builder.json());
    const second = new HistoryBuilder({
      workflowId: 'nightly-sync',
      workflowType: 'SyncInventory',
      taskQueue: FLOW_QUEUE,
      startAt: base + 25 * 60_000,
      firstRunId: first.runId,
      continuedFrom: first.runId,
      input: [{ cursor: 500 }],
    });
    second.activity({ type: 'syncPage', result: { cursor: 731 } });
    second.complete({ synced: 731 });
    fake.addRun(NS, secondRun, second.json());
  }
  {
    const parent = start('order-77', 'FulfilOrder', FLOW_QUEUE, base + 30 * 60_000, { input: [{ orderId: 77 }] });
    const childRun = runId('order-77-ship');
    parent.builder.activity({ type: 'reserveStock', result: true });
    const initiated = parent.builder.child({ namespace: NS, workflowId: 'order-77-ship', runId: childRun, workflowType: 'ShipOrder', taskQueue: CHILD_QUEUE, pending: true });
    fake.addRun(NS, parent.runId, parent.builder.json());
    const child = new HistoryBuilder({
      workflowId: 'order-77-ship',
      workflowType: 'ShipOrder',
      taskQueue: CHILD_QUEUE,
      startAt: base + 31 * 60_000,
      firstRunId: childRun,
      parent: { namespace: NS, workflowId: 'order-77', runId: parent.runId, initiatedEventId: initiated },
    });
    child.timer({ id: 'wait-for-carrier', durationMs: 30_000, pending: true });
    fake.addRun(NS, childRun, child.json());
  }
  {
    const { builder, runId: id } = start('order-78', 'FulfilOrder', FLOW_QUEUE, base + 40 * 60_000, { input: [{ orderId: 78 }] });
    builder.activity({ type: 'reserveStock', failures: [{ message: 'stock service 503' }, { message: 'stock service 503' }], result: true });
    builder.timer({ id: 'cooling-off', durationMs: 60_000 });
    builder.signal('addressChanged', [{ city: 'Lyon' }]);
    builder.update({ name: 'setGiftNote', args: ['Happy birthday'], result: 'ok' });
    builder.update({ name: 'setPriority', args: [-1], failure: { message: 'priority must be positive', type: 'ValidationError' } });
    builder.marker('Version', { changeId: 'v2-shipping' });
    builder.child({ namespace: NS, workflowId: 'order-78-ship', runId: runId('order-78-ship'), workflowType: 'ShipOrder', taskQueue: CHILD_QUEUE, result: { tracking: 'TRK78' } });
    builder.complete({ shipped: true });
    fake.addRun(NS, id, builder.json());
  }
  {
    const { builder, runId: id } = start('order-79', 'FulfilOrder', FLOW_QUEUE, base + 50 * 60_000);
    builder.timer({ id: 'cooling-off', durationMs: 60_000, cancelled: true });
    builder.cancelRequested('customer cancelled');
    builder.cancelled();
    fake.addRun(NS, id, builder.json());
  }
}

/** A history of exactly 51,200 events that the server terminated for reaching its limit. */
function seedBigHistory(fake: FakeTemporal, base: number): void {
  const { builder, runId: id } = start(BIG_WORKFLOW, 'PostLedger', BIG_QUEUE, base + 60 * 60_000, { stepMs: 1, input: [{ account: 'acme' }] });
  let n = 0;
  while (builder.length + 6 <= BIG_EVENTS - 1) builder.activity({ type: 'postEntry', input: [n], result: n++ });
  while (builder.length < BIG_EVENTS - 1) builder.signal('entryQueued', [builder.length]);
  builder.terminated('Workflow history count exceeds limit.', 'history-service');
  fake.addRun(NS, id, builder.json());
}

// ---------------------------------------------------------------------------------------------
// Encryption codec: the payload is the whole inner Payload proto, AES-256-GCM encrypted, as the
// Temporal samples' encryption codec does (`binary/encrypted`, key id in metadata).

const PayloadType = lookupType('temporal.api.common.v1.Payload');

export function encryptPayload(value: unknown, key: Buffer): { metadata: Record<string, string>; data: string } {
  const inner = jsonPayload(value);
  const bytes = PayloadType.encode(
    PayloadType.fromObject({
      metadata: Object.fromEntries(Object.entries(inner.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
      data: Buffer.from(inner.data ?? '', 'base64'),
    }),
  ).finish();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const encrypted = Buffer.concat([cipher.update(bytes), cipher.final()]);
  return {
    metadata: { encoding: Buffer.from('binary/encrypted').toString('base64'), 'encryption-key-id': Buffer.from('test-key').toString('base64') },
    data: Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64'),
  };
}

function decryptPayload(payload: { metadata?: Record<string, string>; data?: string }, key: Buffer): { metadata: Record<string, string>; data: string } {
  const encoding = Buffer.from(payload.metadata?.encoding ?? '', 'base64').toString();
  if (encoding !== 'binary/encrypted') return { metadata: payload.metadata ?? {}, data: payload.data ?? '' };
  const raw = Buffer.from(payload.data ?? '', 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  const bytes = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  const inner = PayloadType.toObject(PayloadType.decode(bytes), { bytes: String }) as { metadata?: Record<string, string>; data?: string };
  return { metadata: inner.metadata ?? {}, data: inner.data ?? '' };
}

export const ENCRYPTED_WORKFLOW = 'secret-order';
export const SECRET_INPUT = { card: '4111-xxxx', cvv: 'kept-secret' };

function seedEncrypted(fake: FakeTemporal, base: number, key: Buffer): void {
  const { builder, runId: id } = start(ENCRYPTED_WORKFLOW, 'ChargeCard', FLOW_QUEUE, base + 55 * 60_000);
  const started = builder.events[0] as unknown as { workflowExecutionStartedEventAttributes: { input: unknown } };
  started.workflowExecutionStartedEventAttributes.input = { payloads: [encryptPayload(SECRET_INPUT, key)] };
  builder.complete('done');
  fake.addRun(NS, id, builder.json());
}

export interface CodecServer {
  endpoint: string;
  requests: Array<{ path: string; namespace: string | undefined; authorization: string | undefined; payloads: number }>;
  stop(): Promise<void>;
}

/** A codec server speaking the Temporal UI's protocol on 127.0.0.1 (POST <prefix>/decode). */
export async function startCodecServer(key: Buffer, prefix = '/codec'): Promise<CodecServer> {
  const requests: CodecServer['requests'] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      try {
        if (request.method !== 'POST' || request.url !== `${prefix}/decode`) {
          response.writeHead(404).end();
          return;
        }
        const parsed = JSON.parse(body) as { payloads: Array<{ metadata?: Record<string, string>; data?: string }> };
        requests.push({
          path: request.url,
          namespace: request.headers['x-namespace'] as string | undefined,
          authorization: request.headers.authorization,
          payloads: parsed.payloads.length,
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ payloads: parsed.payloads.map((payload) => decryptPayload(payload, key)) }));
      } catch {
        response.writeHead(400).end('bad payloads');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${prefix}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function makeTemporalAdapter(address: string, extra: Record<string, unknown> = {}): TemporalAdapter {
  const config = TemporalSourceConfig.parse({
    id: `tmp-${randomBytes(3).toString('hex')}`,
    kind: 'temporal',
    address,
    callTimeoutMs: 3_000,
    ...extra,
  });
  return createTemporalAdapter(config, { discoveryIntervalMs: 0 });
}
