import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuditView } from '@/components/audit/audit-view';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  return (
    // useSearchParams (the page) needs a Suspense boundary above it.
    <Suspense fallback={<Skeleton rows={8} />}>
      <AuditView />
    </Suspense>
  );
}
