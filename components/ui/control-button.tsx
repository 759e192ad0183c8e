import type { ButtonHTMLAttributes } from 'react';

export type ControlTone = 'neutral' | 'primary' | 'danger';

const tones: Record<ControlTone, string> = {
  neutral: 'border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800',
  // sky-700 under white text: sky-600 reads 4.0:1, below WCAG AA's 4.5:1 for body-size text.
  primary:
    'border-sky-700 bg-sky-700 text-white hover:bg-sky-800 dark:border-sky-600 dark:bg-sky-700 dark:hover:bg-sky-800',
  danger:
    'border-red-300 text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950/50',
};

/** The one button style of every control, so actions look alike across pages. */
export function ControlButton({
  tone = 'neutral',
  className = '',
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: ControlTone }) {
  return (
    <button
      type={type}
      className={`rounded-md border px-2.5 py-1 text-sm whitespace-nowrap disabled:cursor-not-allowed disabled:opacity-50 ${tones[tone]} ${className}`}
      {...props}
    />
  );
}

/** Own text colour and case: a field sits inside a muted, upper-case label and must not inherit it. */
export const inputClass =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm text-zinc-900 normal-case dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';
