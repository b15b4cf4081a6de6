import { VersionConflictError } from '../../src/storage/errors';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { retryOnConflict, updateVersioned } from '../../src/storage/optimistic';

describe('retryOnConflict', () => {
  it('tries again after a lost race, reading afresh, and gives up after the last attempt', async () => {
    let tries = 0;
    const refreshed: number[] = [];
    const result = await retryOnConflict(
      async (attempt) => {
        tries++;
        if (attempt < 3) throw new VersionConflictError('c', 'k', 1, 2);
        return 'written';
      },
      { attempts: 3, onConflict: (_err, attempt) => void refreshed.push(attempt) },
    );
    expect(result).toBe('written');
    expect(tries).toBe(3);
    expect(refreshed).toEqual([1, 2]);
    await expect(
      retryOnConflict(
        async () => {
          throw new VersionConflictError('c', 'k', 1, 2);
        },
        { attempts: 2 },
      ),
    ).rejects.toBeInstanceOf(VersionConflictError);
  });

  it('never retries other errors', async () => {
    let tries = 0;
    await expect(
      retryOnConflict(
        async () => {
          tries++;
          throw new Error('disk full');
        },
        { attempts: 5 },
      ),
    ).rejects.toThrow('disk full');
    expect(tries).toBe(1);
  });
});

describe('updateVersioned', () => {
  it('loses no update when many writers change one document at once', async () => {
    const storage = new MemoryStorage();
    await storage.put('counters', 'k', { n: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () =>
        updateVersioned<{ n: number }>(storage, 'counters', 'k', (v) => ({ n: v.n + 1 }), 50),
      ),
    );
    expect(await storage.get('counters', 'k')).toEqual({ n: 20 });
    expect(await updateVersioned(storage, 'counters', 'missing', () => ({}))).toBe(false);
  });
});
