/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas of lib/api/schemas.ts
 * with zod's own `z.toJSONSchema` (JSON Schema 2020-12, which OpenAPI 3.1 uses as is). Every exported
 * schema of the contract becomes a named component, so shared shapes appear once and are referenced.
 */
import { z } from 'zod';
import type { ApiRoute } from './define-route';
import { statusOfCode } from './errors';
import * as contract from './schemas';
import type { ErrorCode } from './schemas';

export const OpenApiDocument = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
  components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;

type JsonSchema = Record<string, unknown>;

const toJsonSchemaOptions = { target: 'draft-2020-12', unrepresentable: 'any' } as const;

/** Request-side schemas are inlined as parameters; everything else of the contract is a component. */
function isComponentName(name: string): boolean {
  return !/(Params|Query)$/.test(name);
}

/**
 * name → schema for every zod schema exported by the contract. Namespace keys come sorted, so when one
 * schema is exported twice (`JobsResponse = JobPage`) the base name is the one kept.
 */
function contractComponents(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  for (const [name, value] of Object.entries(contract)) {
    if (value instanceof z.ZodType && isComponentName(name) && !names.has(value))
      names.set(value, name);
  }
  names.set(OpenApiDocument, 'OpenApiDocument');
  return names;
}

function componentSchemas(names: Map<z.ZodType, string>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of names) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...toJsonSchemaOptions,
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  });
  // Inside an OpenAPI document a component is addressed by its place, not by `$id`/`$schema`.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $id: _id, $schema: _schema, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

function inlineSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, {
    ...toJsonSchemaOptions,
    io: 'input',
  }) as JsonSchema;
  return rest;
}

function parameters(route: ApiRoute): JsonSchema[] {
  const path = Object.entries(route.params.shape).map(([name, field]) => ({
    name,
    in: 'path',
    required: true,
    schema: inlineSchema(field as z.ZodType),
  }));
  const query = Object.entries(route.query.shape).map(([name, field]) => {
    const schema = field as z.ZodType;
    return {
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      schema: inlineSchema(schema),
    };
  });
  return [...path, ...query];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A mutation's JSON body; an empty body is read as `{}`. */
function requestBody(body: z.ZodType, names: Map<z.ZodType, string>): Record<string, unknown> {
  const name = names.get(body);
  return {
    required: false,
    content: { 'application/json': { schema: name ? ref(name) : inlineSchema(body) } },
  };
}

/**
 * The 200 answer: a JSON body, or for a streaming route a `text/event-stream` whose every event
 * carries one JSON object of the route's schema in its `data` (OpenAPI 3.1 has no per-event schema).
 */
function success(route: ApiRoute, names: Map<z.ZodType, string>): Record<string, unknown> {
  const responseName = names.get(route.response);
  const schema = responseName ? ref(responseName) : inlineSchema(route.response);
  if (route.streams === 'text/event-stream')
    return {
      description:
        `${route.summary}. A stream of Server-Sent Events: the \`data\` of each event is one JSON object ` +
        'of the schema below (the SSE event name is its `type`), each has an `id` to resume from.',
      content: { 'text/event-stream': { schema, example: route.example.response } },
    };
  return {
    description: route.summary,
    content: { 'application/json': { schema, example: route.example.response } },
  };
}

function responses(route: ApiRoute, names: Map<z.ZodType, string>): Record<string, unknown> {
  const result: Record<string, unknown> = { '200': success(route, names) };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...route.errors, 'internal' as const]) {
    const status = statusOfCode[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    result[String(status)] = {
      description: `Error envelope with code ${codes.map((code) => `\`${code}\``).join(' or ')}`,
      content: { 'application/json': { schema: ref('ErrorEnvelope') } },
    };
  }
  return result;
}

/** `GET /sources/{source}/queues` → `getSourcesSourceQueues`: stable and unique per method + path. */
export function operationId(route: Pick<ApiRoute, 'method' | 'path'>): string {
  const words = route.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1));
  return route.method.toLowerCase() + words.join('');
}

/** A configured source as the document names it: what it declares. */
export interface DeclaringSource {
  id: string;
  kind: string;
  capabilities: ReadonlySet<string>;
}

/**
 * Which sources can be asked an operation: an operation gated by a capability says so
 * (`x-yardmaster-capability`), and lists the configured sources that declare it
 * (`x-yardmaster-sources`); every other source answers it 409 `unsupported`.
 */
function declaredBy(route: ApiRoute, sources: readonly DeclaringSource[]): Record<string, unknown> {
  if (!route.capability) return {};
  const capability = route.capability;
  return {
    'x-yardmaster-capability': capability,
    'x-yardmaster-sources': sources
      .filter((source) => source.capabilities.has(capability))
      .map((source) => ({ id: source.id, kind: source.kind })),
  };
}

export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  options: { basePath: string; sources?: readonly DeclaringSource[] },
): OpenApiDocument {
  const names = contractComponents();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    const gate = route.capability
      ? `Needs capability \`${route.capability}\` (see \`capabilities\` in GET /sources); other sources answer 409 \`unsupported\`.`
      : undefined;
    item[route.method.toLowerCase()] = {
      operationId: operationId(route),
      tags: [route.tag],
      summary: route.summary,
      description: [route.description, gate, `Example: \`${route.example.request}\``]
        .filter(Boolean)
        .join('\n\n'),
      parameters: parameters(route),
      ...(route.body ? { requestBody: requestBody(route.body, names) } : {}),
      responses: responses(route, names),
      ...declaredBy(route, options.sources ?? []),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Yardmaster REST API',
      version: '1',
      description:
        'Monitor and control BullMQ, Celery and Temporal. Path segments are URL-encoded (a queue "a/b" is `a%2Fb`). ' +
        'Every error is `{ "error": { "code", "message", "details"? } }`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: options.basePath }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: { schemas: componentSchemas(names) },
  };
}
