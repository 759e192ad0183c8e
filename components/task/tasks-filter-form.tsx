'use client';
import { useState } from 'react';
import type { TaskFilter, TaskTextFilterKey } from '@/lib/client/task-filter';
import { ControlButton } from '@/components/ui/control-button';
import { TextField } from '@/components/ui/fields';

const fields: Array<{ key: TaskTextFilterKey; label: string }> = [
  { key: 'name', label: 'Task name is' },
  { key: 'worker', label: 'Worker is' },
  { key: 'queue', label: 'Queue is' },
  { key: 'text', label: 'Args, kwargs, result or error contain' },
  { key: 'since', label: 'In state since (ISO or ms)' },
  { key: 'until', label: 'In state until (ISO or ms)' },
];

const windows = [
  { label: 'Last 15 min', ms: 15 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 h', ms: 86_400_000 },
];

/**
 * The filters besides the state chips. Times are typed as the URL keeps them (ISO 8601 or epoch ms),
 * so the page the server renders and the one the browser hydrates read the same; the window buttons
 * fill in "since" from the browser's clock when pressed.
 */
export function TasksFilterForm({ filter, onApply }: { filter: TaskFilter; onApply: (filter: TaskFilter) => void }) {
  const [draft, setDraft] = useState(filter);
  return (
    <form
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
      data-testid="tasks-filter"
    >
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3">
        {fields.map(({ key, label }) => (
          <TextField
            key={key}
            label={label}
            value={draft[key]}
            onChange={(value) => setDraft({ ...draft, [key]: value })}
            testId={`tasks-filter-${key}`}
          />
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <ControlButton type="submit" tone="primary" data-testid="tasks-filter-apply">
          Filter
        </ControlButton>
        {windows.map((window) => (
          <ControlButton
            key={window.label}
            onClick={() => onApply({ ...draft, since: new Date(Date.now() - window.ms).toISOString(), until: '' })}
          >
            {window.label}
          </ControlButton>
        ))}
        <ControlButton
          onClick={() => onApply({ ...draft, name: '', worker: '', queue: '', text: '', since: '', until: '' })}
          data-testid="tasks-filter-clear"
        >
          Clear
        </ControlButton>
      </div>
    </form>
  );
}
