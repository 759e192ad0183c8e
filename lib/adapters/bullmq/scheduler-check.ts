/**
 * What BullMQ would refuse in a job scheduler, found before it is sent: BullMQ throws plain Errors
 * (from cron-parser, or its own option checks) that cannot be told apart from a bug once thrown, so
 * each is checked here with the same library and answered as a 400 naming the field.
 */
import { CronExpressionParser } from 'cron-parser';
import { InvalidInputError } from '../errors';
import type { SchedulerSpec } from '../types';

/** The largest instant a JavaScript Date holds (±8.64e15 ms). */
const MAX_DATE_MS = 8.64e15;

/** Throws InvalidInputError for the first value BullMQ would refuse; `now` is the current epoch ms. */
export function checkSchedulerSpec(spec: SchedulerSpec, now: number): void {
  if (spec.tz !== undefined && !isTimeZone(spec.tz)) {
    throw new InvalidInputError(`unknown time zone "${spec.tz}" (use an IANA name such as Europe/Paris)`, 'tz');
  }
  for (const field of ['startDate', 'endDate'] as const) {
    const value = spec[field];
    if (value !== undefined && value > MAX_DATE_MS) {
      throw new InvalidInputError(`${field} is beyond the last date a clock can hold`, field);
    }
  }
  if (spec.immediately && spec.startDate !== undefined) {
    throw new InvalidInputError('give either immediately or startDate, not both', 'immediately');
  }
  if (spec.endDate !== undefined) {
    if (spec.endDate <= now) throw new InvalidInputError('endDate is in the past', 'endDate');
    if (spec.startDate !== undefined && spec.endDate <= spec.startDate) {
      throw new InvalidInputError('endDate must be after startDate', 'endDate');
    }
  }
  if (spec.pattern !== undefined) checkPattern(spec.pattern, spec.tz, Math.max(now, spec.startDate ?? 0));
}

function checkPattern(pattern: string, tz: string | undefined, from: number): void {
  try {
    const expression = CronExpressionParser.parse(pattern, {
      currentDate: new Date(from),
      ...(tz !== undefined ? { tz } : {}),
    });
    // Some patterns parse but never match (31 February); BullMQ finds out when it asks for the next run.
    expression.next();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidInputError(`not a cron pattern BullMQ can schedule: ${reason}`, 'pattern');
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
