'use client';
import { useId, useState } from 'react';
import { cleanableStates } from '@/lib/api/schemas';
import type { JobState } from '@/lib/api/schemas';
import { useBulkQueueAction, usePurgeQueue, useQueuePaused } from '@/lib/client/actions';
import type { BulkQueueAction, BulkQueueRequest } from '@/lib/client/actions';
import { useQueue } from '@/lib/client/hooks';
import type { Queue } from '@/lib/client/types';
import { ActionStatus, plural } from '@/components/ui/action-status';
import { AddJobDialog } from '@/components/queue/add-job-dialog';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { LimitsEditor } from '@/components/queue/limits-editor';
import { ControlButton, inputClass } from '@/components/ui/control-button';
import { ChoiceSelect, InlineField, NumberInput } from '@/components/ui/fields';
import { bulkActionCapability, bulkActionRole } from '@/components/access/permissions';
import { useControls, useMe } from '@/components/access/use-controls';

type CleanState = (typeof cleanableStates)[number];
const finishedStates = ['failed', 'completed'] as const;
type FinishedState = (typeof finishedStates)[number];

interface BulkForm {
  retryState: FinishedState;
  cleanState: CleanState;
  graceSeconds: string;
  cleanLimit: string;
  drainDelayed: boolean;
  force: boolean;
  confirmName: string;
}

const initialForm: BulkForm = {
  retryState: 'failed',
  cleanState: 'completed',
  graceSeconds: '0',
  cleanLimit: '',
  drainDelayed: false,
  force: false,
  confirmName: '',
};

const labels: Record<BulkQueueAction, string> = {
  'retry-all': 'Retry all…',
  'promote-all': 'Promote all…',
  clean: 'Clean…',
  drain: 'Drain…',
  obliterate: 'Obliterate…',
};

const count = (queue: Queue, state: JobState) => queue.counts[state] ?? 0;

/** Why an action is offered disabled: the counts say it has nothing to act on. Null: enabled. */
function nothingToDo(queue: Queue, action: BulkQueueAction): string | null {
  switch (action) {
    case 'retry-all':
      return count(queue, 'failed') + count(queue, 'completed') === 0
        ? 'Nothing to retry: no failed or completed jobs.'
        : null;
    case 'promote-all':
      return count(queue, 'delayed') === 0 ? 'Nothing to promote: no delayed jobs.' : null;
    default:
      return null;
  }
}
/** A state choice with how many jobs are in it: `failed (12)`. */
const withCount = (queue: Queue) => (state: JobState) =>
  `${state} (${count(queue, state).toLocaleString('en-US')})`;
const positiveInt = (text: string): number | undefined => {
  const value = Number(text);
  return text.trim() !== '' && Number.isInteger(value) && value > 0 ? value : undefined;
};

/** How many jobs an action will touch, read from the queue's counts, and the request it sends. */
function plan(
  queue: Queue,
  action: BulkQueueAction,
  form: BulkForm,
): { touches: number; request: BulkQueueRequest } {
  switch (action) {
    case 'retry-all':
      return {
        touches: count(queue, form.retryState),
        request: { action, body: { state: form.retryState } },
      };
    case 'promote-all':
      return { touches: count(queue, 'delayed'), request: { action } };
    case 'clean': {
      const limit = positiveInt(form.cleanLimit);
      const graceMs = Math.max(0, Math.round(Number(form.graceSeconds) * 1000) || 0);
      const inState = count(queue, form.cleanState);
      return {
        touches: limit === undefined ? inState : Math.min(limit, inState),
        request: { action, body: { state: form.cleanState, graceMs, ...(limit ? { limit } : {}) } },
      };
    }
    case 'drain': {
      const waiting =
        count(queue, 'waiting') + count(queue, 'paused') + count(queue, 'prioritized');
      return {
        touches: waiting + (form.drainDelayed ? count(queue, 'delayed') : 0),
        request: { action, body: { delayed: form.drainDelayed } },
      };
    }
    case 'obliterate':
      return {
        touches: Object.values(queue.counts).reduce((sum, value) => sum + (value ?? 0), 0),
        request: { action, body: { force: form.force } },
      };
  }
}

function title(action: BulkQueueAction, form: BulkForm, touches: number, queue: Queue): string {
  switch (action) {
    case 'retry-all':
      return `Retry ${plural(touches, `${form.retryState} job`)}?`;
    case 'promote-all':
      return `Promote ${plural(touches, 'delayed job')}?`;
    case 'clean':
      return `Clean up to ${plural(touches, `${form.cleanState} job`)}?`;
    case 'drain':
      return `Drain ${plural(touches, 'job')}?`;
    case 'obliterate':
      return `Obliterate queue ${queue.name} and its ${plural(touches, 'job')}?`;
  }
}

function BulkFields({
  action,
  form,
  setForm,
  queue,
}: {
  action: BulkQueueAction;
  form: BulkForm;
  setForm: (patch: Partial<BulkForm>) => void;
  queue: Queue;
}) {
  switch (action) {
    case 'retry-all':
      return (
        <>
          <InlineField label="State">
            <ChoiceSelect
              value={form.retryState}
              choices={finishedStates}
              describe={withCount(queue)}
              onChange={(retryState) => setForm({ retryState })}
              testId="retry-all-state"
            />
          </InlineField>
          <p>
            They go back to waiting in batches; jobs that finish after you confirm are left alone.
          </p>
        </>
      );
    case 'promote-all':
      return <p>Every delayed job becomes runnable now.</p>;
    case 'clean':
      return (
        <>
          <div className="flex flex-wrap gap-3">
            <InlineField label="State">
              <ChoiceSelect
                value={form.cleanState}
                choices={cleanableStates}
                describe={withCount(queue)}
                onChange={(cleanState) => setForm({ cleanState })}
                testId="clean-state"
              />
            </InlineField>
            <InlineField label="Older than (s)">
              <NumberInput
                min={0}
                value={form.graceSeconds}
                onChange={(graceSeconds) => setForm({ graceSeconds })}
                testId="clean-grace"
              />
            </InlineField>
            <InlineField label="At most">
              <NumberInput
                width="w-28"
                placeholder="all"
                value={form.cleanLimit}
                onChange={(cleanLimit) => setForm({ cleanLimit })}
                testId="clean-limit"
              />
            </InlineField>
          </div>
          <p>Matching jobs are deleted in chunks of 10,000. This cannot be undone.</p>
        </>
      );
    case 'drain':
      return (
        <>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={form.drainDelayed}
              onChange={(event) => setForm({ drainDelayed: event.target.checked })}
              data-testid="drain-delayed"
            />
            Also remove the {count(queue, 'delayed').toLocaleString('en-US')} delayed jobs
          </label>
          <p>
            Waiting and prioritized jobs are deleted; active ones finish. This cannot be undone.
          </p>
        </>
      );
    case 'obliterate':
      return (
        <>
          <p>
            The queue, its jobs, schedulers and settings are deleted from Redis. This cannot be
            undone.
          </p>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={form.force}
              onChange={(event) => setForm({ force: event.target.checked })}
              data-testid="obliterate-force"
            />
            Even with {plural(count(queue, 'active'), 'active job')} (their workers will fail to
            finish them)
          </label>
          <label className="block">
            Type the queue name to confirm
            <input
              className={`${inputClass} mt-1 block w-full font-mono`}
              value={form.confirmName}
              onChange={(event) => setForm({ confirmName: event.target.value })}
              data-testid="obliterate-confirm-name"
            />
          </label>
        </>
      );
  }
}

function QueueActionBar({ source, queue }: { source: string; queue: Queue }) {
  const controls = useControls(source);
  const paused = useQueuePaused(source, queue.name);
  const bulk = useBulkQueueAction(source, queue.name);
  const [asking, setAsking] = useState<BulkQueueAction | null>(null);
  const [adding, setAdding] = useState(false);
  const [form, setFormState] = useState<BulkForm>(initialForm);
  const [status, setStatus] = useState<string | null>(null);
  const setForm = (patch: Partial<BulkForm>) =>
    setFormState((current) => ({ ...current, ...patch }));

  const actions = (Object.keys(labels) as BulkQueueAction[]).filter((action) =>
    controls.can(bulkActionCapability[action], bulkActionRole[action]),
  );
  const canPause = controls.can('queue.pause');
  const canAdd = controls.can('queue.add');
  const canPurge = controls.can('broker.purge', 'admin');
  if (!canPause && !canAdd && !canPurge && actions.length === 0) return null;

  const open = (action: BulkQueueAction) => {
    bulk.reset();
    bulk.newIntent();
    setFormState(initialForm);
    setStatus(null);
    setAsking(action);
  };
  const current = asking ? plan(queue, asking, form) : null;
  const obliterateBlocked =
    asking === 'obliterate' &&
    (!queue.paused ||
      form.confirmName !== queue.name ||
      (count(queue, 'active') > 0 && !form.force));

  return (
    <div className="space-y-2" data-testid="queue-actions">
      <div className="flex flex-wrap gap-2">
        {canPause ? (
          <ControlButton
            disabled={paused.isPending}
            onClick={() => {
              paused.newIntent();
              setStatus(null);
              paused.mutate(!queue.paused, {
                onSuccess: (answer) =>
                  setStatus(answer.paused ? 'Queue paused.' : 'Queue resumed.'),
              });
            }}
            data-testid={queue.paused ? 'queue-resume' : 'queue-pause'}
          >
            {queue.paused ? 'Resume' : 'Pause'}
          </ControlButton>
        ) : null}
        {canAdd ? (
          <ControlButton onClick={() => setAdding(true)} data-testid="queue-add-job">
            Add job…
          </ControlButton>
        ) : null}
        {actions.map((action) => (
          <BulkActionButton key={action} action={action} reason={nothingToDo(queue, action)} onClick={() => open(action)} />
        ))}
        {canPurge ? (
          <PurgeButton source={source} queue={queue} onDone={(text) => setStatus(text)} />
        ) : null}
      </div>
      {paused.error ? <ActionError error={paused.error} /> : null}
      <ActionStatus message={status} testId="queue-action-status" />
      <ConfirmDialog
        open={asking !== null}
        title={asking && current ? title(asking, form, current.touches, queue) : ''}
        confirmLabel={asking ? labels[asking].replace('…', '') : ''}
        tone={asking === 'retry-all' || asking === 'promote-all' ? 'primary' : 'danger'}
        pending={bulk.isPending}
        error={bulk.error}
        confirmDisabled={obliterateBlocked}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          if (!current) return;
          bulk.mutate(current.request, {
            onSuccess: (answer) => {
              setAsking(null);
              setStatus(
                `${answer.action}: ${plural(answer.touched, 'job')} touched in ${plural(answer.chunks, 'chunk')}.`,
              );
            },
          });
        }}
      >
        <p>
          Queue <span className="font-mono">{queue.name}</span>.
        </p>
        {asking ? <BulkFields action={asking} form={form} setForm={setForm} queue={queue} /> : null}
        {asking === 'obliterate' && !queue.paused ? (
          <p
            className="font-medium text-amber-800 dark:text-amber-300"
            data-testid="obliterate-needs-pause"
          >
            Pause the queue first: a running queue cannot be obliterated.
          </p>
        ) : null}
      </ConfirmDialog>
      {adding ? (
        <AddJobDialog
          source={source}
          queue={queue.name}
          onClose={(message) => {
            setAdding(false);
            if (message) setStatus(message);
          }}
        />
      ) : null}
    </div>
  );
}

/** Messages waiting in the broker for this queue, as the queue's facts say (Celery). */
const brokerWaiting = (queue: Queue) => Number(queue.meta.brokerWaiting ?? 0) || 0;

/**
 * Celery's purge: delete the messages waiting in the broker, confirmed with their count. Messages
 * workers already hold (reserved, ETA, unacknowledged) stay.
 */
function PurgeButton({ source, queue, onDone }: { source: string; queue: Queue; onDone: (text: string) => void }) {
  const purge = usePurgeQueue(source, queue.name);
  const [asking, setAsking] = useState(false);
  const waiting = brokerWaiting(queue);
  return (
    <>
      <ControlButton
        tone="danger"
        onClick={() => {
          purge.reset();
          purge.newIntent();
          setAsking(true);
        }}
        data-testid="queue-action-purge"
      >
        Purge…
      </ControlButton>
      <ConfirmDialog
        open={asking}
        title={`Purge ${plural(waiting, 'waiting message')} from ${queue.name}?`}
        confirmLabel="Purge"
        tone="danger"
        pending={purge.isPending}
        error={purge.error}
        onCancel={() => setAsking(false)}
        onConfirm={() =>
          purge.mutate(null, {
            onSuccess: (answer) => {
              setAsking(false);
              onDone(`Purged ${plural(answer.purged, 'message')} from the broker.`);
            },
          })
        }
      >
        <p>
          Every message waiting in the broker for queue <span className="font-mono">{queue.name}</span> is deleted,
          at every priority. Tasks workers already hold (running, reserved, waiting for an ETA) are not
          touched. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

/** One queue-wide action; disabled, with the reason as its description, when it has nothing to do. */
function BulkActionButton({
  action,
  reason,
  onClick,
}: {
  action: BulkQueueAction;
  reason: string | null;
  onClick: () => void;
}) {
  const reasonId = useId();
  return (
    <>
      <ControlButton
        tone={action === 'retry-all' || action === 'promote-all' ? 'neutral' : 'danger'}
        onClick={onClick}
        disabled={reason !== null}
        title={reason ?? undefined}
        aria-describedby={reason ? reasonId : undefined}
        data-testid={`queue-action-${action}`}
      >
        {labels[action]}
      </ControlButton>
      {reason ? (
        <span id={reasonId} className="sr-only">
          {reason}
        </span>
      ) : null}
    </>
  );
}

/** Widths of the action bar's buttons (Pause … Obliterate), so the placeholders wrap as they will. */
const buttonWidths = ['w-16', 'w-[84px]', 'w-[94px]', 'w-28', 'w-[76px]', 'w-[73px]', 'w-[105px]'];

/**
 * The controls' shape while the queue and the principal load: a row of button-sized blocks and two
 * limit rows, each as tall as the control that replaces it (a button is 30 px: text-sm, py-1,
 * border), so nothing below moves when the controls appear.
 */
function ControlsSkeleton() {
  const block = 'block animate-pulse rounded-md bg-zinc-200 dark:bg-zinc-800';
  return (
    <div className="space-y-3" role="status" aria-busy="true" aria-label="Loading controls" data-testid="queue-controls-skeleton">
      <div className="flex flex-wrap gap-2">
        {buttonWidths.map((width, index) => (
          <span key={index} className={`${block} h-[30px] ${width}`} />
        ))}
      </div>
      <div className="space-y-2">
        {[0, 1].map((row) => (
          <div key={row} className="flex items-center gap-2">
            <span className={`${block} h-3 w-28`} />
            <span className={`${block} h-[30px] w-36`} />
          </div>
        ))}
      </div>
    </div>
  );
}

function ActionError({ error }: { error: Error }) {
  return (
    <p
      role="alert"
      className="text-sm text-red-700 dark:text-red-400"
      data-testid="queue-action-error"
    >
      {error.message}
    </p>
  );
}

/**
 * Pause/resume, add, retry-all, promote-all, clean, drain and obliterate for one queue, and its
 * limits. A read-only source shows the limits only.
 */
export function QueueControls({ source, queue }: { source: string; queue: string }) {
  const { data } = useQueue(source, queue);
  const controls = useControls(source);
  const me = useMe();
  // Until the queue, its source and the principal are known, hold the controls' place.
  if (!data || !controls.ready || me.isPending) return <ControlsSkeleton />;
  return (
    <div className="space-y-3">
      {controls.readOnly ? (
        <p className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="read-only-note">
          This source is read-only: Yardmaster shows it but does not change it.
        </p>
      ) : (
        <QueueActionBar source={source} queue={data.queue} />
      )}
      <LimitsEditor source={source} queue={queue} />
    </div>
  );
}
