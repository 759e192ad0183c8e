/**
 * The gRPC definition of Temporal's WorkflowService, built from the protobuf root that
 * `@temporalio/proto` ships (generated from the official `.proto` files — the same root
 * `@temporalio/client` encodes its requests with), for `@grpc/grpc-js`'s `Server.addService`.
 * Handlers receive and return protobufjs messages, so int64 fields are `Long`s exactly as the client
 * sees them.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import * as proto from '@temporalio/proto';

export const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';

/** The few protobufjs reflection members used here (typed locally: the root is protobufjs 8's). */
export interface MessageType {
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
  fromObject(value: object): object;
  toObject(message: object, options?: Record<string, unknown>): Record<string, unknown>;
}
interface Method {
  name: string;
  resolve(): void;
  resolvedRequestType: MessageType | null;
  resolvedResponseType: MessageType | null;
}
interface Service {
  methodsArray: Method[];
}
type ProtoRoot = { lookupService(name: string): Service; lookupType(name: string): MessageType };
const root = proto as unknown as ProtoRoot;

export function lookupType(name: string): MessageType {
  return root.lookupType(name);
}

/** Every method of the service, unary, by its proto name (`ListWorkflowExecutions`, ...). */
export function workflowServiceDefinition(): ServiceDefinition {
  const service = root.lookupService(WORKFLOW_SERVICE);
  const definition: Record<string, ServiceDefinition[string]> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const requestType = method.resolvedRequestType!;
    const responseType = method.resolvedResponseType!;
    definition[method.name] = {
      path: `/${WORKFLOW_SERVICE}/${method.name}`,
      requestStream: false,
      responseStream: false,
      requestSerialize: (value: object) => Buffer.from(requestType.encode(requestType.fromObject(value)).finish()),
      requestDeserialize: (bytes: Buffer) => requestType.decode(bytes),
      // fromObject accepts both plain objects and messages, so handlers may answer either.
      responseSerialize: (value: object) => Buffer.from(responseType.encode(responseType.fromObject(value)).finish()),
      responseDeserialize: (bytes: Buffer) => responseType.decode(bytes),
    };
  }
  return definition as ServiceDefinition;
}

/** The names of every WorkflowService method (the fake answers UNIMPLEMENTED for the ones it lacks). */
export function workflowServiceMethods(): string[] {
  return root.lookupService(WORKFLOW_SERVICE).methodsArray.map((method) => method.name);
}
