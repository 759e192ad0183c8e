import type { Metadata } from 'next';
import { decodeRouteParam } from '@/lib/client/routes';
import { SourceGate } from '@/components/shell/exists-gate';
import { SourceView } from '@/components/source/source-view';

type Params = Promise<{ source: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { source } = await params;
  return { title: source };
}

export default async function SourcePage({ params }: { params: Params }) {
  const name = decodeRouteParam((await params).source);
  return (
    <SourceGate source={name}>
      <SourceView source={name} />
    </SourceGate>
  );
}
