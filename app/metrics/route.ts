// GET /metrics: Prometheus text exposition (lib/metrics). Optional bearer token: YARDMASTER_METRICS_TOKEN.
import 'server-only';
import { jsonResponse } from '@/lib/api/errors';
import { metricsAccessAllowed } from '@/lib/metrics/access';
import { appMetrics } from '@/lib/metrics/app-metrics';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export async function GET(request: Request): Promise<Response> {
  if (!metricsAccessAllowed(request.headers.get('authorization'), process.env.YARDMASTER_METRICS_TOKEN)) {
    return jsonResponse(
      { error: { code: 'unauthorized', message: 'metrics need Authorization: Bearer <YARDMASTER_METRICS_TOKEN>' } },
      401,
      { 'www-authenticate': 'Bearer' },
    );
  }
  const metrics = appMetrics();
  return new Response(await metrics.scrape(), {
    headers: { 'content-type': metrics.contentType, 'cache-control': 'no-store' },
  });
}
