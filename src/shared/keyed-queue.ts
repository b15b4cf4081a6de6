/**
 * Runs tasks one at a time per key, concurrently across keys: two messages of the same conversation never
 * race on its state, while different conversations proceed in parallel.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued earlier under `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    // Settles once the task has, whatever its outcome; the last one out forgets the key.
    const forget = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = result.then(forget, forget);
    this.tails.set(key, tail);
    return result;
  }

  /** Number of keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
