import { saveWorked, workDueItems } from '../../src/shared/due-work';
import { MemoryStorage } from '../../src/storage/memory-storage';

interface Job {
  step: string;
  nextAttemptAt: string;
  claimedUntil?: string;
}

const NOW = new Date('2026-12-06T10:00:00Z');

/** Claims the one job with a round whose work is `work`. */
async function claimAndWork(storage: MemoryStorage, work: (job: Job, version: number) => Promise<void>) {
  await workDueItems<Job>({
    storage,
    collection: 'jobs',
    now: NOW,
    claimMs: 60_000,
    isOpen: (job) => job.step !== 'done',
    stopped: () => false,
    work: (_key, job, version) => work(job, version),
  });
}

describe('saving a worked outbox item', () => {
  it('saves the outcome released when nothing changed meanwhile', async () => {
    const storage = new MemoryStorage();
    await storage.put('jobs', 'a', { step: 'poll', nextAttemptAt: NOW.toISOString() });
    let saved: boolean | undefined;
    await claimAndWork(storage, async (job, version) => {
      saved = await saveWorked(
        storage,
        'jobs',
        'a',
        { version, until: job.claimedUntil },
        { ...job, step: 'done' },
      );
    });
    expect(saved).toBe(true);
    expect(await storage.get('jobs', 'a')).toEqual({ step: 'done', nextAttemptAt: NOW.toISOString() });
  });

  it('drops the outcome of an item changed meanwhile and lets go of the claim the change copied', async () => {
    const storage = new MemoryStorage();
    await storage.put('jobs', 'a', { step: 'poll', nextAttemptAt: NOW.toISOString() });
    let saved: boolean | undefined;
    await claimAndWork(storage, async (job, version) => {
      // The office decides while the round works: the job turns to withdrawing, keeping what it read.
      const current = await storage.getVersioned<Job>('jobs', 'a');
      await storage.put(
        'jobs',
        'a',
        { ...current?.value, step: 'invalidate' },
        { expectVersion: current?.version },
      );
      saved = await saveWorked(
        storage,
        'jobs',
        'a',
        { version, until: job.claimedUntil },
        { ...job, step: 'poll' },
      );
    });
    expect(saved).toBe(false);
    // The office's step stands, and no claim holds it back from the next round.
    expect(await storage.get('jobs', 'a')).toEqual({ step: 'invalidate', nextAttemptAt: NOW.toISOString() });
  });

  it('leaves a claim that is not its own', async () => {
    const storage = new MemoryStorage();
    await storage.put('jobs', 'a', { step: 'poll', nextAttemptAt: NOW.toISOString() });
    const other = '2026-12-06T10:05:00.000Z';
    await claimAndWork(storage, async (job, version) => {
      const current = await storage.getVersioned<Job>('jobs', 'a');
      await storage.put(
        'jobs',
        'a',
        { ...current?.value, claimedUntil: other },
        { expectVersion: current?.version },
      );
      expect(await saveWorked(storage, 'jobs', 'a', { version, until: job.claimedUntil }, job)).toBe(false);
    });
    expect((await storage.get<Job>('jobs', 'a'))?.claimedUntil).toBe(other);
  });
});
