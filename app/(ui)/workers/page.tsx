import type { Metadata } from 'next';
import { WorkersView } from '@/components/worker/workers-view';

export const metadata: Metadata = { title: 'Workers' };

export default function WorkersPage() {
  return <WorkersView />;
}
