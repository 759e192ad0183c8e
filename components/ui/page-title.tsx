import type { ReactNode } from 'react';

export function PageTitle({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="mb-4 flex flex-wrap items-center gap-2">
      <h1 className="min-w-0 text-xl font-semibold break-all sm:text-2xl">{children}</h1>
      {aside}
    </div>
  );
}
