import type { Metadata } from 'next';
import { BrokerView } from '@/components/broker/broker-view';
import { decodeRouteParam } from '@/lib/client/routes';
import { ServerData } from '@/lib/client/server-data';
import { brokerPageData } from '@/lib/server/worker-page-data';

type Params = Promise<{ source: string }>;

export const metadata: Metadata = { title: 'Broker' };

export default async function BrokerPage({ params }: { params: Params }) {
  const source = decodeRouteParam((await params).source);
  // The broker's queue lengths (one script call) come with the HTML; a peek is asked by the browser.
  const served = await brokerPageData(source);
  return (
    <ServerData state={served}>
      <BrokerView source={source} />
    </ServerData>
  );
}
