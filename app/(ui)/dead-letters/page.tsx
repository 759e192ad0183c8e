import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DeadLettersView } from '@/components/dead-letters/dead-letters-view';
import { Skeleton } from '@/components/ui/skeleton';

export const metadata: Metadata = { title: 'Dead letters' };

export default function DeadLettersPage() {
  return (
    // useSearchParams (the filter) needs a Suspense boundary above it.
    <Suspense fallback={<Skeleton rows={8} />}>
      <DeadLettersView />
    </Suspense>
  );
}
