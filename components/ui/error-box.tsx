import { isApiError } from '@/lib/client/api';

const titles: Partial<Record<string, string>> = {
  source_unavailable: 'Source unavailable',
  not_found: 'Not found',
  unsupported: 'Not supported by this source',
  network_error: 'Cannot reach Yardmaster',
  invalid_response: 'Unexpected response',
  bad_request: 'Bad request',
};

/** The error of one widget, in that widget only; the rest of the page keeps working. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const code = isApiError(error) ? error.code : 'internal';
  const message = error instanceof Error ? error.message : String(error);
  const heading = title ?? titles[code] ?? 'Something went wrong';
  const unavailable = code === 'source_unavailable' || code === 'network_error';
  return (
    <div
      role="alert"
      data-testid="error-box"
      data-code={code}
      className={`rounded-md border px-3 py-2 text-sm ${
        unavailable
          ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-200'
          : 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-200'
      }`}
    >
      <p className="font-medium">{heading}</p>
      <p className="mt-0.5 break-words opacity-90">{message}</p>
    </div>
  );
}
