'use client';
import { PerSourcePanels } from '@/components/shell/per-source-panels';
import { PageTitle } from '@/components/ui/page-title';
import { WorkersTable } from '@/components/worker/workers-table';

/** `/workers`: the workers of every source, a panel each. */
export function WorkersView() {
  return (
    <>
      <PageTitle>Workers</PageTitle>
      <PerSourcePanels capability="workers" unsupported="This source does not list its workers.">
        {(source) => <WorkersTable source={source.id} />}
      </PerSourcePanels>
    </>
  );
}
