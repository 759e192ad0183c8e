// GET /metrics on the real server: Prometheus text with the seeded source's queues, the down
// source reported as down, and the API's own answers timed by route template.
import { expect, test } from '@playwright/test';
import { DOWN_SOURCE, SOURCE, seeded } from './seeded';

test('/metrics answers Prometheus text about every source, the down one included', async ({ request }) => {
  await request.get(`/api/v1/sources/${SOURCE}/queues/${encodeURIComponent(seeded.emails.name)}`);
  const answer = await request.get('/metrics');
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toContain('text/plain');
  const text = await answer.text();
  expect(text).toContain(`yardmaster_source_up{source="${SOURCE}",kind="bullmq"} 1`);
  expect(text).toContain(`yardmaster_source_up{source="${DOWN_SOURCE}",kind="bullmq"} 0`);
  expect(text).toMatch(new RegExp(`yardmaster_queue_jobs\\{source="${SOURCE}",queue="${seeded.emails.name}",state="failed"\\} \\d+`));
  expect(text).toContain('route="/sources/{source}/queues/{queue}"');
  expect(text).toContain('# TYPE yardmaster_http_request_duration_seconds histogram');
  expect(text).not.toContain('redis://');
});
