import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfigText, temporalNamespaces } from './index';

describe('loadConfig', () => {
  it('defaults to one BullMQ source on REDIS_URL with prefix bull and discovery', () => {
    const config = loadConfig({ REDIS_URL: 'redis://10.1.2.3:6380' }, []);
    expect(config.sources).toEqual([
      { id: 'bullmq', kind: 'bullmq', redis: 'redis://10.1.2.3:6380', prefix: 'bull', readOnly: false },
    ]);
    expect(config.readOnly).toBe(false);
  });

  it('falls back to the local Redis when nothing is set', () => {
    expect(loadConfig({}, []).sources[0]).toMatchObject({ redis: 'redis://127.0.0.1:6379' });
  });

  it('reads YARDMASTER_SOURCES holding either the whole config or just the sources array', () => {
    const sources = [
      { id: 'a', kind: 'bullmq', redis: 'redis://127.0.0.1:1', queues: ['x', 'y:z'] },
      { id: 'b', kind: 'bullmq', redis: 'redis://127.0.0.1:1', prefix: 'other', label: 'Other' },
    ];
    const fromArray = loadConfig({ YARDMASTER_SOURCES: JSON.stringify(sources) }, []);
    const fromObject = loadConfig({ YARDMASTER_SOURCES: JSON.stringify({ sources }) }, []);
    expect(fromArray).toEqual(fromObject);
    expect(fromArray.sources.map((s) => [s.id, s.kind === 'bullmq' ? s.prefix : null])).toEqual([
      ['a', 'bull'],
      ['b', 'other'],
    ]);
  });

  it('prefers --config over YARDMASTER_CONFIG over YARDMASTER_SOURCES', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ym-config-'));
    const fileA = join(dir, 'a.json');
    const fileB = join(dir, 'b.json');
    writeFileSync(fileA, JSON.stringify({ sources: [{ id: 'from-flag', kind: 'bullmq', redis: 'redis://h' }] }));
    writeFileSync(fileB, JSON.stringify({ sources: [{ id: 'from-env', kind: 'bullmq', redis: 'redis://h' }] }));
    const env = { YARDMASTER_CONFIG: fileB, YARDMASTER_SOURCES: '[]' };
    expect(loadConfig(env, ['node', 'x', '--config', fileA]).sources[0]?.id).toBe('from-flag');
    expect(loadConfig(env, [`--config=${fileA}`]).sources[0]?.id).toBe('from-flag');
    expect(loadConfig(env, []).sources[0]?.id).toBe('from-env');
  });

  it('turns on global read-only mode from YARDMASTER_READ_ONLY', () => {
    expect(loadConfig({ YARDMASTER_READ_ONLY: '1' }, []).readOnly).toBe(true);
    expect(loadConfig({ YARDMASTER_READ_ONLY: '0' }, []).readOnly).toBe(false);
  });

  it('names the missing file', () => {
    expect(() => loadConfig({ YARDMASTER_CONFIG: '/nonexistent/ym.json' }, [])).toThrow(/\/nonexistent\/ym.json/);
  });
});

describe('parseConfigText', () => {
  const parseError = (text: string) => {
    try {
      parseConfigText(text, 'test.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the bad field', () => {
    const message = parseError(JSON.stringify({ sources: [{ id: 'a', kind: 'bullmq', redis: 'http://x' }] }));
    expect(message).toContain('test.json');
    expect(message).toContain('sources.0.redis: must be a redis:// or rediss:// URL');
  });

  it('rejects unknown kinds, bad ids and duplicate ids', () => {
    expect(parseError(JSON.stringify([{ id: 'a', kind: 'sidekiq', redis: 'redis://x' }]))).toMatch(/sources\.0\.kind/);
    expect(parseError(JSON.stringify([{ id: 'no spaces', kind: 'bullmq', redis: 'redis://x' }]))).toMatch(/sources\.0\.id/);
    expect(
      parseError(
        JSON.stringify([
          { id: 'a', kind: 'bullmq', redis: 'redis://x' },
          { id: 'a', kind: 'bullmq', redis: 'redis://y' },
        ]),
      ),
    ).toMatch(/sources\.1\.id: duplicate source id "a"/);
  });

  it('reports JSON syntax errors with the origin', () => {
    expect(parseError('{nope')).toMatch(/test.json is not valid JSON/);
  });

  it('requires at least one source', () => {
    expect(parseError('[]')).toMatch(/sources/);
  });

  it('reads a Celery source with its defaults, and names a bad Celery field', () => {
    const config = parseConfigText(
      JSON.stringify([{ id: 'c', kind: 'celery', broker: 'redis://h:6379/2', queues: ['celery', 'mail:out'] }]),
      'test.json',
    );
    expect(config.sources[0]).toMatchObject({
      kind: 'celery',
      broker: 'redis://h:6379/2',
      globalKeyPrefix: '',
      prioritySteps: [0, 3, 6, 9],
      retention: { succeeded: 86_400, failed: 604_800 },
      maxTasks: 1_000_000,
    });
    expect(parseError(JSON.stringify([{ id: 'c', kind: 'celery', broker: 'amqp://h' }]))).toMatch(
      /sources\.0\.broker: must be a redis/,
    );
    expect(
      parseError(JSON.stringify([{ id: 'c', kind: 'celery', broker: 'redis://h', retention: { succeeded: -1 } }])),
    ).toMatch(/sources\.0\.retention\.succeeded/);
    expect(parseError(JSON.stringify([{ id: 'c', kind: 'celery', broker: 'redis://h', brokr: 'x' }]))).toMatch(
      /brokr/,
    );
  });

  it('reads a Temporal source: one namespace by default, or several; TLS, API key and codec', () => {
    const [one, many] = parseConfigText(
      JSON.stringify([
        { id: 't', kind: 'temporal', address: 'temporal.internal:7233' },
        {
          id: 'cloud',
          kind: 'temporal',
          address: 'acme.a1b2c.tmprl.cloud:7233',
          namespaces: ['orders.a1b2c', 'billing.a1b2c'],
          tls: { serverName: 'acme.a1b2c.tmprl.cloud', caFile: '/etc/ca.pem' },
          apiKey: 'secret',
          codec: { endpoint: 'https://codec.internal/acme' },
        },
      ]),
      'test.json',
    ).sources;
    expect(one).toMatchObject({ kind: 'temporal', address: 'temporal.internal:7233', callTimeoutMs: 5_000, readOnly: false });
    expect(temporalNamespaces(one as never)).toEqual(['default']);
    expect(many).toMatchObject({ codec: { endpoint: 'https://codec.internal/acme', passAccessToken: false } });
    expect(temporalNamespaces(many as never)).toEqual(['orders.a1b2c', 'billing.a1b2c']);
  });

  it('names the bad Temporal field', () => {
    const temporal = (extra: Record<string, unknown>) =>
      parseError(JSON.stringify([{ id: 't', kind: 'temporal', address: '127.0.0.1:7233', ...extra }]));
    expect(parseError(JSON.stringify([{ id: 't', kind: 'temporal', address: 'http://h:7233' }]))).toMatch(
      /sources\.0\.address: must be host:port/,
    );
    expect(temporal({ namespace: 'a', namespaces: ['b'] })).toMatch(/sources\.0\.namespaces: give either namespace or namespaces/);
    expect(temporal({ namespaces: ['a', 'a'] })).toMatch(/sources\.0\.namespaces: a namespace is listed twice/);
    expect(temporal({ namespaces: [] })).toMatch(/sources\.0\.namespaces/);
    expect(temporal({ tls: { certFile: '/c.pem' } })).toMatch(/sources\.0\.tls\.keyFile: certFile and keyFile go together/);
    expect(temporal({ codec: { endpoint: 'ftp://codec' } })).toMatch(/sources\.0\.codec\.endpoint: must be an http/);
    expect(temporal({ codec: { endpoint: 'http://codec', passAccessToken: true } })).toMatch(
      /sources\.0\.codec\.passAccessToken: passAccessToken needs an https/,
    );
    expect(temporal({ adress: 'x' })).toMatch(/adress/);
    expect(temporal({ store: 'mysql://x' })).toMatch(/sources\.0\.store: must be a redis/);
  });
});
