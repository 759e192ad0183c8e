import { describe, expect, it } from 'vitest';
import { refusalResponse, refuseRequest } from './request-guard';

describe('refuseRequest', () => {
  it('lets well-formed requests through, escapes included', () => {
    expect(refuseRequest('GET', '/api/v1/sources/main/queues/a%2Fb')).toBeNull();
    expect(refuseRequest('POST', '/sources/main/queues/%E5%90%8D%E5%89%8D')).toBeNull();
    expect(refuseRequest('OPTIONS', '/api/v1/health')).toBeNull();
  });

  it.each(['%ZZ', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AE%C0%AE'])('refuses the malformed escape %s with 400', (segment) => {
    expect(refuseRequest('GET', `/api/v1/sources/main/queues/${segment}`)).toMatchObject({
      status: 400,
      code: 'bad_request',
      message: expect.stringContaining(segment),
    });
  });

  it.each(['TRACE', 'PROPFIND', 'SEARCH', 'CONNECT', 'BREW'])('refuses %s with 405 naming what is allowed', (method) => {
    expect(refuseRequest(method, '/api/v1/health')).toMatchObject({
      status: 405,
      headers: { allow: expect.stringContaining('GET') },
    });
  });
});

describe('refusalResponse', () => {
  it('answers the API in its error envelope and pages in plain text', async () => {
    const refusal = refuseRequest('GET', '/x/%ZZ')!;
    const api = refusalResponse(refusal, true);
    expect(api.headers.get('content-type')).toContain('application/json');
    expect(await api.json()).toEqual({ error: { code: 'bad_request', message: refusal.message } });
    const page = refusalResponse(refusal, false);
    expect(page.headers.get('content-type')).toContain('text/plain');
    expect(page.status).toBe(400);
  });
});
