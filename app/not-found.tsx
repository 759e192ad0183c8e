import type { Metadata } from 'next';
import { connection } from 'next/server';
import { AppShell } from '@/components/shell/app-shell';
import { Providers } from '@/components/shell/providers';
import { NotFoundState } from '@/components/ui/not-found-state';

export const metadata: Metadata = { title: 'Not found' };

/** A URL that matches no page: the same not-found page as an unknown source, queue or job, in the shell. */
export default async function NotFound() {
  // Rendered per request, never prerendered: a static page would carry no CSP nonce on its scripts
  // (proxy.ts), so the browser would refuse them and the page would never come alive.
  await connection();
  return (
    <Providers>
      <AppShell>
        <NotFoundState
          title="Page not found"
          explanation="No page lives at this address. The link may be mistyped or out of date."
          back={{ href: '/', label: 'Back to the overview' }}
        />
      </AppShell>
    </Providers>
  );
}
