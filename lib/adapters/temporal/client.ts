/**
 * The one gRPC connection of a Temporal source (`@temporalio/client`'s `Connection`, raw
 * WorkflowService calls: the high-level client hides `nextPageToken` and the reverse history), every
 * call under a deadline and without the SDK's retry interceptor, so a down frontend answers
 * `SourceUnavailableError` within the call timeout instead of retrying for a minute. gRPC statuses
 * become the adapter's errors: NOT_FOUND → `NotFound` (the adapter's null), INVALID_ARGUMENT →
 * `InvalidInputError` (400), FAILED_PRECONDITION / ALREADY_EXISTS → `ConflictError` (409),
 * UNIMPLEMENTED → `ConflictError('unsupported')`, anything else → `SourceUnavailableError` (503).
 */
import 'server-only';
import { readFileSync } from 'node:fs';
import { status as grpcStatus } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { TemporalSourceConfig } from '@/lib/config';
import { ConflictError, InvalidInputError, SourceUnavailableError } from '../errors';

export type WorkflowService = Connection['workflowService'];

/** The backend said NOT_FOUND (workflow, run, namespace, batch job). */
export class NotFound extends Error {}

interface GrpcError {
  code?: number;
  details?: string;
  message?: string;
}

const isGrpcError = (error: unknown): error is GrpcError =>
  typeof error === 'object' && error !== null && typeof (error as GrpcError).code === 'number';

function tlsOf(config: TemporalSourceConfig): TLSConfig | boolean {
  if (!config.tls) return false;
  if (config.tls === true) return true;
  const { serverName, caFile, certFile, keyFile } = config.tls;
  return {
    ...(serverName ? { serverNameOverride: serverName } : {}),
    ...(caFile ? { serverRootCACertificate: readFileSync(caFile) } : {}),
    ...(certFile && keyFile ? { clientCertPair: { crt: readFileSync(certFile), key: readFileSync(keyFile) } } : {}),
  };
}

export class TemporalConnection {
  private connection: Connection | null = null;

  constructor(
    private readonly sourceId: string,
    private readonly config: TemporalSourceConfig,
  ) {}

  private get open(): Connection {
    // Lazy: creating it does not touch the network, so a down frontend never fails the registry.
    this.connection ??= Connection.lazy({
      address: this.config.address,
      tls: tlsOf(this.config),
      ...(this.config.apiKey ? { apiKey: this.config.apiKey } : {}),
      interceptors: [],
      connectTimeout: this.config.callTimeoutMs,
      channelArgs: {
        // Reconnect promptly after the frontend comes back instead of gRPC's up-to-120 s backoff.
        'grpc.initial_reconnect_backoff_ms': 200,
        'grpc.max_reconnect_backoff_ms': 2_000,
        'grpc.keepalive_permit_without_calls': 1,
        'grpc.keepalive_time_ms': 30_000,
        'grpc.keepalive_timeout_ms': 15_000,
      },
    });
    return this.connection;
  }

  /** One or more calls under one deadline, errors mapped (see the file's comment). */
  async call<T>(work: (service: WorkflowService) => Promise<T>, timeoutMs = this.config.callTimeoutMs): Promise<T> {
    const connection = this.open;
    try {
      return await connection.withDeadline(Date.now() + timeoutMs, () => work(connection.workflowService));
    } catch (error) {
      throw this.mapError(error);
    }
  }

  mapError(error: unknown): Error {
    if (error instanceof NotFound || error instanceof InvalidInputError || error instanceof ConflictError) return error;
    if (error instanceof SourceUnavailableError) return error;
    if (!isGrpcError(error)) return new SourceUnavailableError(this.sourceId, error);
    const message = error.details || error.message || 'error';
    switch (error.code) {
      case grpcStatus.NOT_FOUND:
        return new NotFound(message);
      case grpcStatus.INVALID_ARGUMENT:
        return new InvalidInputError(`Temporal refused the request: ${message}`);
      case grpcStatus.FAILED_PRECONDITION:
      case grpcStatus.ALREADY_EXISTS:
        return new ConflictError(`Temporal refused: ${message}`, 'conflict');
      case grpcStatus.UNIMPLEMENTED:
        return new ConflictError(`this Temporal server does not implement it: ${message}`, 'unsupported');
      case grpcStatus.PERMISSION_DENIED:
      case grpcStatus.UNAUTHENTICATED:
        return new SourceUnavailableError(this.sourceId, new Error(`Temporal refused the credentials: ${message}`));
      default:
        return new SourceUnavailableError(this.sourceId, new Error(message));
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.close().catch(() => undefined);
  }
}
