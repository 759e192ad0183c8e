import type { ReactNode } from 'react';
import { AppHeader } from '@/components/shell/app-header';
import { Providers } from '@/components/shell/providers';

export default function UiLayout({ children }: { children: ReactNode }) {
  return (
    <Providers>
      <AppHeader />
      <main className="mx-auto max-w-screen-2xl px-3 py-4 sm:px-6 sm:py-6">{children}</main>
    </Providers>
  );
}
