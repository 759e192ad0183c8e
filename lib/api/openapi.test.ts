import { describe, expect, it } from 'vitest';
import { createApiHandler } from './handler';
import { buildOpenApiDocument, operationId } from './openapi';
import { patternParams } from './router';
import { routes } from './routes';

const emptyRegistry = { get: () => undefined, list: () => [] };

async function fetchDocument() {
  const handler = createApiHandler({ registry: emptyRegistry });
  const response = await handler(new Request('http://127.0.0.1/api/v1/openapi.json'));
  expect(response.status).toBe(200);
  return JSON.parse(await response.text()) as {
    openapi: string;
    info: { title: string; version: string };
    servers: Array<{ url: string }>;
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          parameters: Array<{ name: string; in: string; required: boolean }>;
          responses: Record<string, unknown>;
        }
      >
    >;
    components: { schemas: Record<string, unknown> };
  };
}

function collectRefs(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectRefs(item, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') into.push(inner);
      else collectRefs(inner, into);
    }
  }
  return into;
}

describe('OpenAPI document', () => {
  it('is served as JSON, OpenAPI 3.1.0, with info and the base path', async () => {
    const document = await fetchDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: '1' });
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
  });

  it('has every route of the table, with its path parameters and a 200 and error responses', async () => {
    const document = await fetchDocument();
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      const pathParams = operation!.parameters.filter((parameter) => parameter.in === 'path');
      expect(pathParams.map((parameter) => parameter.name).sort()).toEqual(
        patternParams(route.path).sort(),
      );
      expect(pathParams.every((parameter) => parameter.required)).toBe(true);
      expect(Object.keys(operation!.responses)).toContain('200');
      expect(Object.keys(operation!.responses)).toContain('500');
    }
    const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
    expect(operations).toHaveLength(routes.length);
  });

  it('documents query parameters with their constraints', async () => {
    const document = await fetchDocument();
    const listJobs = document.paths['/sources/{source}/queues/{queue}/jobs']!.get!;
    const limit = listJobs.parameters.find((parameter) => parameter.name === 'limit');
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 500 },
    });
    expect(Object.keys(listJobs.responses)).toEqual(expect.arrayContaining(['400', '404', '503']));
  });

  it('resolves every $ref to a component, and includes the error envelope', async () => {
    const document = await fetchDocument();
    expect(document.components.schemas).toHaveProperty('ErrorEnvelope');
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(routes.length);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas, ref).toHaveProperty(
        ref.slice('#/components/schemas/'.length),
      );
    }
    // A component is addressed by its place; a fragment $id would be invalid JSON Schema 2020-12.
    expect(JSON.stringify(document.components)).not.toContain('"$id"');
  });

  it('describes the live feed as an event stream of typed events, and its errors as JSON', async () => {
    const document = await fetchDocument();
    const events = document.paths['/events']!.get!.responses as Record<
      string,
      { description: string; content: Record<string, { schema: { oneOf?: unknown[]; anyOf?: unknown[] } }> }
    >;
    expect(Object.keys(events['200']!.content)).toEqual(['text/event-stream']);
    expect(events['200']!.description).toContain('`data` of each event is one JSON object');
    // The per-event shape is the union of the event types (hello, counts, job, ...), not a string.
    const union = events['200']!.content['text/event-stream']!.schema;
    expect((union.oneOf ?? union.anyOf ?? []).length).toBeGreaterThan(3);
    expect(Object.keys(events['400']!.content)).toEqual(['application/json']);
    // Every other route still answers JSON.
    const sources = document.paths['/sources']!.get!.responses as typeof events;
    expect(Object.keys(sources['200']!.content)).toEqual(['application/json']);
  });

  it('gives each operation a unique id', () => {
    const ids = routes.map(operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the capability that gates an operation and the configured sources that declare it', () => {
    const document = buildOpenApiDocument(routes, {
      basePath: '/api/v1',
      sources: [
        { id: 'main', kind: 'bullmq', capabilities: new Set(['queues', 'job.retry']) },
        { id: 'tasks', kind: 'celery', capabilities: new Set(['queues', 'job.cancel']) },
      ],
    });
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const retry = paths['/sources/{source}/queues/{queue}/jobs/{job}/retry']!.post!;
    expect(retry['x-yardmaster-capability']).toBe('job.retry');
    expect(retry['x-yardmaster-sources']).toEqual([{ id: 'main', kind: 'bullmq' }]);
    expect(String(retry.description)).toContain('Needs capability `job.retry`');
    const cancel = paths['/sources/{source}/queues/{queue}/jobs/{job}/cancel']!.post!;
    expect(cancel['x-yardmaster-sources']).toEqual([{ id: 'tasks', kind: 'celery' }]);
    expect(paths['/sources']!.get!).not.toHaveProperty('x-yardmaster-capability');
  });

  it('follows the base path it is mounted under', () => {
    expect(buildOpenApiDocument(routes, { basePath: '/ops/api/v1' }).servers).toEqual([
      { url: '/ops/api/v1' },
    ]);
  });
});

describe('route table', () => {
  it("has an example response that fits each route's response schema", () => {
    for (const route of routes) {
      const parsed = route.response.safeParse(route.example.response);
      expect(
        parsed.success,
        `${route.method} ${route.path}: ${parsed.success ? '' : parsed.error.message}`,
      ).toBe(true);
      expect(route.example.request.startsWith(`${route.method} /api/v1/`)).toBe(true);
    }
  });

  it('declares a param schema key for every {param} of the path and no other', () => {
    for (const route of routes) {
      expect(Object.keys(route.params.shape).sort(), route.path).toEqual(
        patternParams(route.path).sort(),
      );
    }
  });

  it('has no two routes on the same method and path', () => {
    const keys = routes.map((route) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
