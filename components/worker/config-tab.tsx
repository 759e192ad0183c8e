'use client';
/** The worker's configuration (inspect `conf`: the settings that differ from Celery's defaults), as text. */
import { useState } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { WorkerDetailResponse } from '@/lib/api/schemas';
import { inputClass } from '@/components/ui/control-button';
import { FactTable, InspectState, factText } from './inspect-state';

export function ConfigTab({ worker, detail }: { worker: string; detail: UseQueryResult<WorkerDetailResponse> }) {
  const [filter, setFilter] = useState('');
  return (
    <InspectState detail={detail} methods={['conf']} worker={worker}>
      {(data) => {
        const entries = Object.entries(data.conf).sort(([a], [b]) => a.localeCompare(b));
        const shown = entries.filter(([key]) => key.toLowerCase().includes(filter.trim().toLowerCase()));
        return (
          <div className="space-y-2" data-testid="config-tab">
            <label className="flex items-center gap-2 text-sm">
              Filter
              <input className={`${inputClass} w-56`} value={filter} onChange={(event) => setFilter(event.target.value)} placeholder="e.g. broker" />
            </label>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {shown.length} of {entries.length} settings (those that differ from Celery&apos;s defaults; secrets are masked by Celery).
            </p>
            <FactTable label="Configuration" testId="worker-conf" rows={shown.map(([key, value]) => [key, <code key={key} className="text-xs">{factText(value)}</code>] as const)} />
          </div>
        );
      }}
    </InspectState>
  );
}
