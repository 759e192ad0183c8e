'use client';
import { useId } from 'react';
import { parseTimeFormat, timeFormats } from '@/lib/client/time-format';
import type { TimeFormat } from '@/lib/client/time-format';
import { inputClass } from '@/components/ui/control-button';
import { setTimeFormat, useTimeFormat } from '@/components/ui/use-time-format';

const labels: Record<TimeFormat, string> = {
  relative: 'Relative',
  absolute: 'Absolute',
  both: 'Both',
};

/** How every timestamp of the app reads; remembered in this browser. */
export function TimeFormatToggle() {
  const format = useTimeFormat();
  const id = useId();
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
      <label htmlFor={id}>Times</label>
      <select
        id={id}
        title="Relative (5 min ago), absolute (local time) or both"
        value={format}
        onChange={(event) => setTimeFormat(parseTimeFormat(event.target.value))}
        className={`${inputClass} py-0.5 text-xs`}
        data-testid="time-format"
      >
        {timeFormats.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </span>
  );
}
