/** Closes whatever globalSetup left open if it failed half-way (Redis itself is stopped by scripts/e2e.mjs). */
export default async function globalTeardown() {
  const closers = (globalThis as Record<symbol, unknown>)[Symbol.for('yardmaster.e2e.closers')];
  if (Array.isArray(closers)) {
    await Promise.allSettled(closers.splice(0).map((close: () => Promise<unknown>) => close()));
  }
}
