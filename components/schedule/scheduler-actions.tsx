'use client';
import { useState } from 'react';
import { AddJobOptions, SchedulerBody } from '@/lib/api/schemas';
import { useSchedulerAction } from '@/lib/client/actions';
import type { Schedule } from '@/lib/client/types';
import { ActionStatus } from '@/components/ui/action-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ControlButton, inputClass } from '@/components/ui/control-button';
import { InlineField, JsonTextarea, NumberInput } from '@/components/ui/fields';
import { parseJsonField } from '@/components/ui/json-field';
import { useControls } from '@/components/access/use-controls';

const TemplateOptions = AddJobOptions.omit({ jobId: true, delay: true });
const templateOptionKeys = Object.keys(TemplateOptions.shape);

/** The template's job options the API accepts; BullMQ keeps internal keys (repeat, jobId) there too. */
function templateOptions(template: Schedule['template']): Record<string, unknown> {
  const opts = template?.opts;
  if (!opts || typeof opts !== 'object') return {};
  const picked = Object.fromEntries(
    Object.entries(opts).filter(([key]) => templateOptionKeys.includes(key)),
  );
  return TemplateOptions.safeParse(picked).success ? picked : {};
}

interface EditForm {
  kind: 'pattern' | 'every';
  pattern: string;
  everyMs: string;
  tz: string;
  limit: string;
  data: string;
}

function initialForm(schedule: Schedule): EditForm {
  return {
    kind: schedule.pattern ? 'pattern' : 'every',
    pattern: schedule.pattern ?? '',
    everyMs: schedule.everyMs !== null ? String(schedule.everyMs) : '',
    tz: schedule.tz ?? '',
    limit: schedule.limit !== null ? String(schedule.limit) : '',
    data: JSON.stringify(schedule.template?.data ?? {}, null, 2),
  };
}

function toBody(schedule: Schedule, form: EditForm) {
  const data = parseJsonField(form.data, 'Data', {});
  if (!data.ok) return { ok: false as const, error: data.error };
  const limit = form.limit.trim() ? Number(form.limit) : undefined;
  const body = SchedulerBody.safeParse({
    ...(form.kind === 'pattern'
      ? { pattern: form.pattern.trim() }
      : { everyMs: Number(form.everyMs) }),
    ...(form.tz.trim() && form.kind === 'pattern' ? { tz: form.tz.trim() } : {}),
    ...(limit !== undefined ? { limit } : {}),
    template: { name: schedule.name, data: data.value, opts: templateOptions(schedule.template) },
  });
  if (!body.success) {
    const issue = body.error.issues[0]!;
    return {
      ok: false as const,
      error: `${issue.path.join('.') || 'scheduler'}: ${issue.message}`,
    };
  }
  return { ok: true as const, body: body.data };
}

/** Edit, run now and remove for one job scheduler; every change asks first. */
export function SchedulerActions({ source, schedule }: { source: string; schedule: Schedule }) {
  const controls = useControls(source);
  const mutation = useSchedulerAction(source);
  const [asking, setAsking] = useState<'edit' | 'run' | 'remove' | null>(null);
  const [form, setFormState] = useState<EditForm>(() => initialForm(schedule));
  const [status, setStatus] = useState<string | null>(null);
  const can = {
    edit: controls.can('scheduler.upsert'),
    run: controls.can('scheduler.run'),
    remove: controls.can('scheduler.remove'),
  };
  if (!can.edit && !can.run && !can.remove) return null;

  const open = (what: 'edit' | 'run' | 'remove') => {
    mutation.reset();
    mutation.newIntent();
    setStatus(null);
    setFormState(initialForm(schedule));
    setAsking(what);
  };
  const setForm = (patch: Partial<EditForm>) =>
    setFormState((current) => ({ ...current, ...patch }));
  const checked = asking === 'edit' ? toBody(schedule, form) : null;
  const target = { queue: schedule.queue, scheduler: schedule.id };

  return (
    <span className="inline-flex flex-wrap items-center gap-1" data-testid="scheduler-actions">
      {can.edit ? (
        <ControlButton onClick={() => open('edit')} data-testid="scheduler-edit">
          Edit
        </ControlButton>
      ) : null}
      {can.run ? (
        <ControlButton onClick={() => open('run')} data-testid="scheduler-run">
          Run now
        </ControlButton>
      ) : null}
      {can.remove ? (
        <ControlButton tone="danger" onClick={() => open('remove')} data-testid="scheduler-remove">
          Remove
        </ControlButton>
      ) : null}
      <ActionStatus message={status} testId="scheduler-status" />
      <ConfirmDialog
        open={asking !== null}
        title={
          asking === 'edit'
            ? `Edit scheduler ${schedule.id}`
            : asking === 'run'
              ? `Add 1 ${schedule.name} job now?`
              : `Remove scheduler ${schedule.id}?`
        }
        confirmLabel={asking === 'edit' ? 'Save' : asking === 'run' ? 'Run now' : 'Remove'}
        tone={asking === 'remove' ? 'danger' : 'primary'}
        pending={mutation.isPending}
        error={mutation.error}
        confirmDisabled={checked !== null && !checked.ok}
        onCancel={() => setAsking(null)}
        onConfirm={() => {
          const request =
            asking === 'edit' && checked?.ok
              ? ({ action: 'upsert', ...target, body: checked.body } as const)
              : asking === 'run' || asking === 'remove'
                ? ({ action: asking, ...target } as const)
                : null;
          if (!request) return;
          mutation.mutate(request, {
            onSuccess: () => {
              setAsking(null);
              setStatus(
                request.action === 'upsert'
                  ? 'Saved.'
                  : request.action === 'run'
                    ? 'Job added.'
                    : 'Removed.',
              );
            },
          });
        }}
        testId="scheduler-dialog"
      >
        <p>
          Queue <span className="font-mono">{schedule.queue}</span>, job name{' '}
          <span className="font-mono">{schedule.name}</span>.
        </p>
        {asking === 'run' ? (
          <p>
            One job is added from the scheduler&apos;s template; the schedule itself does not
            change.
          </p>
        ) : null}
        {asking === 'remove' ? (
          <p>No more jobs are added on this schedule. Jobs already added stay.</p>
        ) : null}
        {asking === 'edit' ? (
          <div className="space-y-2">
            <div className="flex gap-3">
              <label className="flex items-center gap-1">
                <input
                  type="radio"
                  checked={form.kind === 'pattern'}
                  onChange={() => setForm({ kind: 'pattern' })}
                />
                Cron pattern
              </label>
              <label className="flex items-center gap-1">
                <input
                  type="radio"
                  checked={form.kind === 'every'}
                  onChange={() => setForm({ kind: 'every' })}
                />
                Every
              </label>
            </div>
            {form.kind === 'pattern' ? (
              <div className="flex flex-wrap gap-2">
                <input
                  aria-label="Cron pattern"
                  className={`${inputClass} font-mono`}
                  value={form.pattern}
                  placeholder="0 * * * *"
                  onChange={(event) => setForm({ pattern: event.target.value })}
                  data-testid="scheduler-pattern"
                />
                <input
                  aria-label="Time zone"
                  className={inputClass}
                  value={form.tz}
                  placeholder="time zone, e.g. Europe/Paris"
                  onChange={(event) => setForm({ tz: event.target.value })}
                  data-testid="scheduler-tz"
                />
              </div>
            ) : (
              <InlineField>
                <NumberInput
                  width="w-32"
                  value={form.everyMs}
                  onChange={(everyMs) => setForm({ everyMs })}
                  testId="scheduler-every"
                />
                ms
              </InlineField>
            )}
            <InlineField label="Stop after">
              <NumberInput
                placeholder="never"
                value={form.limit}
                onChange={(limit) => setForm({ limit })}
                testId="scheduler-limit"
              />
              runs
            </InlineField>
            <JsonTextarea
              label="Job data (JSON)"
              value={form.data}
              onChange={(data) => setForm({ data })}
              rows={4}
            />
            {checked && !checked.ok ? (
              <p className="text-red-700 dark:text-red-400" data-testid="scheduler-invalid">
                {checked.error}
              </p>
            ) : null}
          </div>
        ) : null}
      </ConfirmDialog>
    </span>
  );
}
