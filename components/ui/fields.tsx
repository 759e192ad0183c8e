/** The form fields the control dialogs share, so every input looks and labels alike. */
import type { ReactNode } from 'react';
import { inputClass } from '@/components/ui/control-button';

/** "Label [control] suffix" on one line. */
export function InlineField({ label, children }: { label?: ReactNode; children: ReactNode }) {
  return (
    <label className="flex items-center gap-2">
      {label}
      {children}
    </label>
  );
}

/** A label above its control, for filter grids. */
export function StackedField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs text-zinc-500 uppercase dark:text-zinc-400">
      {label}
      {children}
    </label>
  );
}

/** A labelled text input for filter grids (`type` for date-times). */
export function TextField({
  label,
  value,
  onChange,
  type,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'datetime-local';
  testId?: string;
}) {
  return (
    <StackedField label={label}>
      <input
        className={inputClass}
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        data-testid={testId}
      />
    </StackedField>
  );
}

/** A number typed as text (the form keeps what was typed; callers parse it). */
export function NumberInput({
  value,
  onChange,
  min = 1,
  width = 'w-24',
  placeholder,
  ariaLabel,
  testId,
}: {
  value: string;
  onChange: (value: string) => void;
  min?: number;
  width?: 'w-24' | 'w-28' | 'w-32';
  placeholder?: string;
  ariaLabel?: string;
  testId?: string;
}) {
  return (
    <input
      aria-label={ariaLabel}
      className={`${inputClass} ${width}`}
      type="number"
      min={min}
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      data-testid={testId}
    />
  );
}

/** A <select> of fixed string choices; `describe` says what each shows (default: the value). */
export function ChoiceSelect<Choice extends string>({
  value,
  choices,
  onChange,
  describe = (choice) => choice,
  testId,
}: {
  value: Choice;
  choices: readonly Choice[];
  onChange: (value: Choice) => void;
  describe?: (choice: Choice) => string;
  testId?: string;
}) {
  return (
    <select
      className={inputClass}
      value={value}
      // The options are exactly `choices`, so the selected value is one of them.
      onChange={(event) => onChange(event.target.value as Choice)}
      data-testid={testId}
    >
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {describe(choice)}
        </option>
      ))}
    </select>
  );
}

/** A labelled JSON text area (job data, job options). */
export function JsonTextarea({
  label,
  value,
  onChange,
  rows,
  invalid,
  testId,
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  rows: number;
  invalid?: boolean;
  testId?: string;
}) {
  return (
    <label className="block">
      <span className="text-xs text-zinc-500 uppercase dark:text-zinc-400">{label}</span>
      <textarea
        className={`${inputClass} mt-1 block w-full font-mono text-xs`}
        rows={rows}
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={invalid}
        data-testid={testId}
      />
    </label>
  );
}
