/**
 * Where the server may listen. DESIGN.md's rule: loopback by default; any other address needs
 * authentication configured, or the explicit YARDMASTER_INSECURE=1.
 */

/** 127.0.0.0/8, ::1 and localhost — addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const ipv4 = bare.replace(/^::ffff:/, '');
  const octets = ipv4.split('.');
  return (
    octets.length === 4 &&
    octets[0] === '127' &&
    octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255)
  );
}

export interface ListenRequest {
  host: string;
  port: string;
  /** YARDMASTER_INSECURE=1: the operator accepts an open dashboard. */
  insecure: boolean;
  /** Whether any authentication is configured (none exists yet: always false for now). */
  authConfigured: boolean;
}

export type ListenDecision = { ok: true; warning?: string } | { ok: false; message: string };

export function checkListenAddress({ host, port, insecure, authConfigured }: ListenRequest): ListenDecision {
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65_535) {
    return { ok: false, message: `PORT must be a number from 1 to 65535, got "${port}".` };
  }
  if (host.trim() === '') return { ok: false, message: 'HOST is empty; leave it unset for 127.0.0.1.' };
  if (isLoopbackHost(host) || authConfigured) return { ok: true };
  if (insecure) {
    return {
      ok: true,
      warning: `Listening on ${host} with no authentication (YARDMASTER_INSECURE=1): anyone who reaches port ${port} can see and control your jobs.`,
    };
  }
  return {
    ok: false,
    message: [
      `Refusing to listen on ${host}: it is not a loopback address and no authentication is configured,`,
      'so anyone who can reach the port could see job data and control your queues.',
      'Either:',
      '  - keep the default HOST=127.0.0.1 and put an authenticating reverse proxy in front, or',
      '  - set YARDMASTER_INSECURE=1 to accept an open dashboard on a network you trust.',
      '(Built-in authentication with API tokens and logins is planned; it is not configurable yet.)',
    ].join('\n'),
  };
}
