import { describe, expect, it } from 'vitest';
import { metricsAccessAllowed } from './access';

describe('metricsAccessAllowed', () => {
  it('is open without a token, and needs exactly that bearer token with one', () => {
    expect(metricsAccessAllowed(null, undefined)).toBe(true);
    expect(metricsAccessAllowed(null, 's3cret')).toBe(false);
    expect(metricsAccessAllowed('Bearer s3cret', 's3cret')).toBe(true);
    expect(metricsAccessAllowed('bearer  s3cret ', 's3cret')).toBe(true);
    expect(metricsAccessAllowed('Bearer s3cre', 's3cret')).toBe(false);
    expect(metricsAccessAllowed('Basic s3cret', 's3cret')).toBe(false);
  });
});
