/** What globalSetup puts in Redis; specs compare the UI with these exact numbers. */
export const SOURCE = 'main';
export const DOWN_SOURCE = 'offline';

export const XSS = '<img src=x onerror=alert(1)>';
export const XSS_JOB_ID = 'xss-job';

export const seeded = {
  emails: { name: 'emails', completed: 30, failed: 120, failureFunction: 'deliverEmail' },
  reports: { name: 'reports', jobs: 7 },
  images: { name: 'images', delayed: 5, waiting: 1, completed: 1, logLines: 150, logJobId: 'thumbnail-1' },
  flows: { name: 'flows', parentId: 'assemble-1', childIds: ['fetch-sales-1', 'fetch-costs-1'] },
  webhooks: { name: 'webhooks', failed: 1 },
  /** One job whose data is over the 256 KiB inline limit, ending in a marker only "load all" shows. */
  uploads: { name: 'uploads', waiting: 1, bigJobId: 'big-1', bigBytes: 300 * 1024, tailMarker: 'END-OF-BIG-PAYLOAD' },
  /** A name with "/", spaces and "%": every link must URL-encode it, every page decode it once. */
  tenant: { name: 'tenant/acme reports 100%', waiting: 2 },
} as const;

export const PAGE_SIZE = 50;
