'use client';
import { useEffect, useId, useRef } from 'react';
import type { ReactNode } from 'react';
import { ErrorBox } from '@/components/ui/error-box';
import { ControlButton } from '@/components/ui/control-button';

/**
 * A modal confirmation on the native <dialog> (focus trapped, Escape cancels, announced as a dialog).
 * It stays open while the action runs and when it fails, so the operator sees the outcome where
 * they asked for it; the caller closes it on success.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  dismissLabel = 'Cancel',
  tone = 'danger',
  pending = false,
  error = null,
  confirmDisabled = false,
  onConfirm,
  onCancel,
  testId = 'confirm-dialog',
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** The button that closes without acting; name it apart when the action itself is a "Cancel". */
  dismissLabel?: string;
  tone?: 'danger' | 'primary';
  pending?: boolean;
  error?: unknown;
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid={testId}
      // Escape: the browser would close the dialog behind React's back; let the state do it.
      onCancel={(event) => {
        event.preventDefault();
        if (!pending) onCancel();
      }}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {open ? (
        <form
          method="dialog"
          className="space-y-3 p-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!pending && !confirmDisabled) onConfirm();
          }}
        >
          <h2 id={titleId} className="text-lg font-semibold break-words">
            {title}
          </h2>
          <div id={bodyId} className="space-y-2 text-sm break-words" data-testid="confirm-message">
            {children}
          </div>
          {error ? <ErrorBox error={error} title="The action failed" /> : null}
          <div className="flex justify-end gap-2 pt-1">
            <ControlButton onClick={onCancel} disabled={pending} data-testid="confirm-cancel">
              {dismissLabel}
            </ControlButton>
            <ControlButton
              type="submit"
              tone={tone}
              disabled={pending || confirmDisabled}
              aria-busy={pending}
              data-testid="confirm-accept"
              autoFocus
            >
              {pending ? 'Working…' : confirmLabel}
            </ControlButton>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}
