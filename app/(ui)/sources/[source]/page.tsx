import type { Metadata } from 'next';
import { decodeRouteParam } from '@/lib/client/routes';
import { SourceView } from '@/components/source/source-view';

type Params = Promise<{ source: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { source } = await params;
  return { title: source };
}

export default async function SourcePage({ params }: { params: Params }) {
  const { source } = await params;
  return <SourceView source={decodeRouteParam(source)} />;
}
