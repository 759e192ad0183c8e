import { describe, expect, it } from 'vitest';
import { matchScore, paletteItems, PALETTE_LIMIT } from './palette';
import type { PaletteSource } from './palette';

const sources: PaletteSource[] = [
  { id: 'main', label: 'Main Redis', kind: 'bullmq', queues: ['emails', 'email-bounces', 'images', 'tenant/acme reports 100%'] },
  { id: 'billing', label: 'Billing', kind: 'bullmq', queues: ['invoices', 'emails'] },
  { id: 'offline', label: 'Offline Redis', kind: 'bullmq', queues: null },
];

const labels = (text: string) => paletteItems(sources, text).map((item) => `${item.kind}:${item.label}${item.detail ? `@${item.detail}` : ''}`);

describe('palette matching', () => {
  it('ranks the same name, then a prefix, then a word start, then anywhere, then letters in order', () => {
    const scores = ['emails', 'emails-old', 'old-emails', 'oldemails', 'e-m-a-i-l-s'].map((name) => matchScore(name, 'emails'));
    expect(scores.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(scores[4]).toBeGreaterThan(4);
    expect(matchScore('EMAILS', 'Emails')).toBe(0);
    expect(matchScore('images', 'emails')).toBeNull();
    // A tighter spread of the same letters ranks first.
    expect(matchScore('emls-x', 'emls')!).toBeLessThan(matchScore('e-m-l-s', 'emls')!);
  });

  it('finds queues by name, by source/queue and by source label, best first and in sidebar order on ties', () => {
    expect(labels('emails').slice(0, 3)).toEqual(['queue:emails@Main Redis', 'queue:emails@Billing', 'queue:email-bounces@Main Redis']);
    expect(labels('billing/em')[0]).toBe('queue:emails@Billing');
    expect(labels('acme')[0]).toBe('queue:tenant/acme reports 100%@Main Redis');
    expect(labels('emls')).toContain('queue:emails@Main Redis');
    expect(labels('dead')[0]).toBe('page:Dead letters');
  });

  it('always offers to look the text up as a job id: first for a number or when nothing matches, last otherwise', () => {
    expect(labels('')).not.toContain('job:Go to job ');
    expect(labels('1042')[0]).toBe('job:Go to job 1042');
    expect(labels('thumbnail-1')).toEqual(['job:Go to job thumbnail-1']);
    expect(labels(' emails ').at(-1)).toBe('job:Go to job emails');
    expect(paletteItems(sources, ' 7 ')[0]).toMatchObject({ kind: 'job', jobId: '7' });
  });

  it('links every place to its page and lists at most the limit', () => {
    const tenant = paletteItems(sources, 'acme')[0]!;
    expect(tenant.href).toBe('/sources/main/queues/tenant%2Facme%20reports%20100%25');
    expect(paletteItems(sources, 'offline')[0]).toMatchObject({ kind: 'source', href: '/sources/offline' });
    const many: PaletteSource[] = [{ id: 's', label: 's', kind: 'bullmq', queues: Array.from({ length: 200 }, (_, i) => `q${i}`) }];
    expect(paletteItems(many, '').length).toBe(PALETTE_LIMIT);
  });
});
