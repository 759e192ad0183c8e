import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { Providers } from '@/components/shell/providers';
import { ServerData } from '@/lib/client/server-data';
import { shellData } from '@/lib/server/page-data';

export default async function UiLayout({ children }: { children: ReactNode }) {
  // The sidebar's sources and queues come with the HTML: the first paint already lists them.
  const served = await shellData();
  return (
    <Providers>
      <ServerData state={served}>
        <AppShell>{children}</AppShell>
      </ServerData>
    </Providers>
  );
}
