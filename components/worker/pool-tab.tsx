'use client';
/**
 * The worker's pool (inspect `stats`): implementation, size and processes, max tasks per child,
 * time limits, autoscale bounds; with grow / shrink and autoscale beside it. After a control the
 * worker acknowledged, the pool is read again until its size changed, so the page shows the size
 * the worker reports, not the one asked for.
 */
import { useState } from 'react';
import type { WorkerControlResponse } from '@/lib/api/schemas';
import type { Worker, WorkerDetail } from '@/lib/adapters/types';
import { useWorkerControl } from '@/lib/client/worker-actions';
import { ControlButton } from '@/components/ui/control-button';
import { ErrorBox } from '@/components/ui/error-box';
import { InlineField, NumberInput } from '@/components/ui/fields';
import { RelativeTime } from '@/components/ui/relative-time';
import { FactTable, InspectState, factText } from './inspect-state';
import type { WorkerTabProps } from './inspect-state';
import { useReadBack } from './use-read-back';
import { WorkerRepliesStatus } from './worker-replies';
import { formatPoolSize } from './worker-status';

const poolSize = (detail: WorkerDetail | undefined) =>
  detail?.pool ? (detail.pool.processes.length || detail.pool.maxConcurrency) : null;

export function PoolTab({
  source,
  worker,
  known,
  detail,
  controls,
}: WorkerTabProps & {
  /** The worker as the heartbeats know it (pool as last inspected). */
  known: Worker | undefined;
}) {
  const control = useWorkerControl(source, worker);
  const [n, setN] = useState('1');
  const [max, setMax] = useState('');
  const [min, setMin] = useState('');
  const [answer, setAnswer] = useState<WorkerControlResponse | null>(null);
  const size = poolSize(detail.data?.detail);
  const readBack = useReadBack({ current: size, refetch: detail.refetch });
  const count = Number(n);
  const validN = Number.isInteger(count) && count >= 1 && count <= 1000;

  const send = (request: Parameters<typeof control.mutate>[0], resize: boolean) => {
    setAnswer(null);
    control.mutate(request, {
      onSuccess: (result) => {
        setAnswer(result);
        const acknowledged = Object.values(result.replies).some((reply) => reply && typeof reply === 'object' && 'ok' in reply);
        if (resize && acknowledged) readBack.expectChange(size);
      },
    });
  };

  return (
    <InspectState detail={detail} methods={['stats']} worker={worker}>
      {(data) => {
        const pool = data.pool;
        const autoscaler = pool?.autoscaler ?? null;
        return (
          <div className="space-y-4" data-testid="pool-tab">
            {pool ? (
              <FactTable
                label="Pool"
                testId="pool-facts"
                rows={[
                  ['Implementation', factText(pool.implementation)],
                  ['Size', <span key="size" data-testid="pool-size">{poolSize(data)}</span>],
                  ['Processes', pool.processes.length ? pool.processes.join(', ') : '—'],
                  ['Max concurrency', factText(pool.maxConcurrency)],
                  ['Max tasks per child', pool.maxTasksPerChild === null ? 'no limit' : String(pool.maxTasksPerChild)],
                  ['Time limits (soft / hard)', `${pool.timeouts[0] ? `${pool.timeouts[0]} s` : 'none'} / ${pool.timeouts[1] ? `${pool.timeouts[1]} s` : 'none'}`],
                  ['Autoscale', autoscaler ? `${autoscaler.min}–${autoscaler.max} processes${autoscaler.qty !== null ? `, ${autoscaler.qty} now` : ''}` : 'off (fixed size)'],
                ]}
              />
            ) : known?.pool ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="pool-last-known">
                Last known pool: {formatPoolSize(known.pool)} processes (inspected <RelativeTime at={known.pool.inspectedAt} />).
              </p>
            ) : (
              <p className="text-sm text-zinc-500 dark:text-zinc-400">No pool facts: the worker has not answered `stats` yet.</p>
            )}
            {pool && (controls.can('worker.poolGrow') || controls.can('worker.poolShrink')) && !autoscaler ? (
              <form
                className="flex flex-wrap items-center gap-2"
                aria-label="Resize the pool"
                onSubmit={(event) => event.preventDefault()}
              >
                <InlineField label={<span className="text-sm">Processes</span>}>
                  <NumberInput value={n} onChange={setN} ariaLabel="How many processes" testId="pool-n" />
                </InlineField>
                {controls.can('worker.poolGrow') ? (
                  <ControlButton
                    tone="primary"
                    disabled={!validN || control.isPending || readBack.waiting}
                    onClick={() => send({ action: 'pool-grow', n: count }, true)}
                    data-testid="pool-grow"
                  >
                    Grow
                  </ControlButton>
                ) : null}
                {controls.can('worker.poolShrink') ? (
                  <ControlButton
                    disabled={!validN || control.isPending || readBack.waiting || (size !== null && count >= size)}
                    onClick={() => send({ action: 'pool-shrink', n: count }, true)}
                    data-testid="pool-shrink"
                  >
                    Shrink
                  </ControlButton>
                ) : null}
              </form>
            ) : null}
            {pool && controls.can('worker.autoscale') ? (
              <form
                className="flex flex-wrap items-center gap-2"
                aria-label="Autoscale range"
                onSubmit={(event) => {
                  event.preventDefault();
                  send({ action: 'autoscale', body: { max: Number(max), min: Number(min) } }, false);
                }}
              >
                <InlineField label={<span className="text-sm">Autoscale min</span>}>
                  <NumberInput value={min} onChange={setMin} min={0} placeholder={autoscaler ? String(autoscaler.min) : undefined} ariaLabel="Autoscale min" testId="autoscale-min" />
                </InlineField>
                <InlineField label={<span className="text-sm">max</span>}>
                  <NumberInput value={max} onChange={setMax} placeholder={autoscaler ? String(autoscaler.max) : undefined} ariaLabel="Autoscale max" testId="autoscale-max" />
                </InlineField>
                <ControlButton
                  type="submit"
                  disabled={control.isPending || !(Number(max) >= 1 && Number(min) >= 0 && Number(min) <= Number(max) && Number.isInteger(Number(max)) && Number.isInteger(Number(min)) && max !== '' && min !== '')}
                  data-testid="autoscale-set"
                >
                  Set range
                </ControlButton>
                {!autoscaler ? (
                  <span className="text-xs text-zinc-500 dark:text-zinc-400">only a worker started with --autoscale accepts a range</span>
                ) : null}
              </form>
            ) : null}
            {autoscaler ? (
              <p className="text-xs text-zinc-500 dark:text-zinc-400">This worker autoscales: Celery refuses grow and shrink, change its range instead.</p>
            ) : null}
            {control.isError ? <ErrorBox error={control.error} title="The control failed" /> : null}
            <WorkerRepliesStatus answer={answer} />
            {readBack.waiting ? (
              <p role="status" className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="pool-reading-back">
                Reading the pool back from the worker…
              </p>
            ) : readBack.gaveUp ? (
              <p role="status" className="text-sm text-amber-800 dark:text-amber-300">
                The worker acknowledged, but its pool still reads {size ?? '—'} processes after 5 s.
              </p>
            ) : null}
          </div>
        );
      }}
    </InspectState>
  );
}
