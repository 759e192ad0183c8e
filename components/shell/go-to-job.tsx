'use client';
/** A visible "Go to job" box (for whoever does not know Ctrl-K): the same lookup as the palette. */
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { useSources } from '@/lib/client/hooks';
import { useJobFinder } from '@/lib/client/job-lookup';
import { inputClass } from '@/components/ui/control-button';

export function GoToJob() {
  const router = useRouter();
  const sources = useSources();
  const finder = useJobFinder(sources.data?.sources);
  const [id, setId] = useState('');
  const inputId = useId();
  const resultId = useId();
  const outcome = finder.data;

  return (
    <form
      role="search"
      aria-label="Go to job"
      data-testid="go-to-job"
      className="space-y-1"
      onSubmit={(event) => {
        event.preventDefault();
        const wanted = id.trim();
        if (wanted === '' || finder.isPending) return;
        finder.mutate(wanted, {
          onSuccess: (result) => {
            if (result.found) {
              setId('');
              router.push(result.href);
            }
          },
        });
      }}
    >
      <label htmlFor={inputId} className="block text-xs font-medium text-zinc-500 dark:text-zinc-400">
        Go to job
      </label>
      <div className="flex gap-1">
        <input
          id={inputId}
          value={id}
          onChange={(event) => {
            setId(event.target.value);
            if (finder.data || finder.error) finder.reset();
          }}
          placeholder="Job id"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={resultId}
          data-testid="go-to-job-input"
          className={`${inputClass} min-w-0 flex-1 font-mono`}
        />
        <button
          type="submit"
          disabled={sources.data === undefined}
          className="rounded-md border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
          data-testid="go-to-job-submit"
        >
          {finder.isPending ? 'Finding…' : 'Go'}
        </button>
      </div>
      <p id={resultId} role="status" data-testid="go-to-job-result" className="text-xs break-words text-red-700 dark:text-red-400">
        {outcome && !outcome.found ? outcome.message : finder.error ? finder.error.message : ''}
      </p>
    </form>
  );
}
