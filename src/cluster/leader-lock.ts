/**
 * The leader lock contract: among the instances sharing a database, at most one holds a named lock at a
 * time, so singletons such as the whatsapp-web.js session (one linked phone, one browser) run once.
 */

/** Told `true` when this instance became the holder and `false` when it stopped being it. */
export type LeadershipListener = (leader: boolean) => void;

/** A named lock contended for by every instance; the holder keeps it until it stops or its connection dies. */
export interface LeaderLock {
  /** The lock's name (e.g. `whatsapp-web`). */
  readonly name: string;
  /** True while this instance holds the lock. */
  readonly isLeader: boolean;
  /** Subscribes to leadership changes; returns the unsubscribe function. */
  onChange(listener: LeadershipListener): () => void;
  /** Starts contending: tries at once, then periodically until acquired (and checks it is still held). */
  start(): Promise<void>;
  /** Stops contending and releases the lock if held (listeners are told `false`). */
  stop(): Promise<void>;
}

/** Listener bookkeeping shared by the implementations. */
export class LeadershipState {
  private readonly listeners = new Set<LeadershipListener>();
  private leader = false;

  constructor(private readonly onListenerError: (err: unknown) => void) {}

  /** Whether the lock is held. */
  get isLeader(): boolean {
    return this.leader;
  }

  /** Adds a listener; returns its removal. */
  add(listener: LeadershipListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Records a change and tells the listeners (only when it is one). */
  set(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    for (const listener of this.listeners) {
      try {
        listener(leader);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

/**
 * The {@link LeaderLock} of a single-instance deployment (SQLite, memory): SQLite's file cannot be shared by
 * instances on several machines, so the one instance is always the leader.
 */
export class LocalLeaderLock implements LeaderLock {
  private readonly state = new LeadershipState(() => undefined);

  constructor(readonly name: string) {}

  get isLeader(): boolean {
    return this.state.isLeader;
  }

  onChange(listener: LeadershipListener): () => void {
    return this.state.add(listener);
  }

  async start(): Promise<void> {
    this.state.set(true);
  }

  async stop(): Promise<void> {
    this.state.set(false);
  }
}
