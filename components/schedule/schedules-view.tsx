'use client';
import { SchedulerActions } from '@/components/schedule/scheduler-actions';
import { SchedulesTable } from '@/components/schedule/schedules-table';
import { PerSourcePanels } from '@/components/shell/per-source-panels';
import { PageTitle } from '@/components/ui/page-title';

/** `/schedules`: the schedules of every source, a panel each, with the same controls as the source page. */
export function SchedulesView() {
  return (
    <>
      <PageTitle>Schedules</PageTitle>
      <PerSourcePanels capability="schedules" unsupported="This source has no schedules.">
        {(source) => (
          <SchedulesTable source={source.id} rowActions={(schedule) => <SchedulerActions source={source.id} schedule={schedule} />} />
        )}
      </PerSourcePanels>
    </>
  );
}
