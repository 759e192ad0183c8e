/**
 * Next's boot hook: builds the source registry when the server starts, so a Celery source's event
 * ingest (started with its adapter) keeps the task history from the first second, not from the
 * first page someone opens. A bad configuration is left to the pages and the API to report.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startSourcesAtBoot } = await import('./lib/adapters/boot');
  startSourcesAtBoot();
}
