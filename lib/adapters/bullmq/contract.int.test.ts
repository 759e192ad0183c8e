import { inject } from 'vitest';
import { runSourceAdapterContract } from '../contract';
import type { BullmqVersion } from './testing/fixtures';
import {
  Closer,
  bullmqLibrary,
  finishedQueue,
  makeAdapter,
  uniquePrefix,
} from './testing/fixtures';

for (const version of [6, 5] as BullmqVersion[]) {
  runSourceAdapterContract(`bullmq (queues written by BullMQ ${version})`, async () => {
    const redisUrl = inject('redisUrl');
    const prefix = uniquePrefix(`contract-v${version}`);
    const closer = new Closer();
    const finished = await finishedQueue(
      bullmqLibrary(version),
      redisUrl,
      prefix,
      'contract jobs',
      closer,
    );
    const adapter = closer.add(makeAdapter(redisUrl, prefix));
    return {
      adapter,
      fixture: { ...finished, missingJobId: 'no-such-job', missingQueue: 'no-such-queue' },
      teardown: () => closer.closeAll(),
    };
  });
}
