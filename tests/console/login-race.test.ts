import type { PasswordHasher } from '../../src/console/password-hasher';
import { sharedPasswordHasher } from '../../src/console/password-hasher';
import { eventually } from '../helpers/eventually';
import { startConsole } from './harness';

/**
 * A barrier in front of the password checks: every check waits at the gate until the test opens it, so the
 * requests sent together all reach their decision (checked, or refused before checking) while no check has
 * finished yet, whatever the scheduling.
 */
class GatedHasher implements PasswordHasher {
  /** Passwords that reached the check, in arrival order. */
  readonly checked: string[] = [];
  private readonly gates: Array<() => void> = [];

  constructor(private readonly real: PasswordHasher) {}

  hash(password: string, cost: number): Promise<string> {
    return this.real.hash(password, cost);
  }

  async compare(password: string, hash: string): Promise<boolean> {
    this.checked.push(password);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    return this.real.compare(password, hash);
  }

  /** Lets the waiting checks go on, the ones whose password passes `which` first. */
  open(which: (password: string) => boolean = () => true): void {
    const waiting = this.gates.splice(0);
    const order = this.checked.slice(-waiting.length);
    waiting.forEach((go, i) => {
      if (which(order[i] ?? '')) go();
    });
    this.gates.push(...waiting.filter((_go, i) => !which(order[i] ?? '')));
  }

  /** Lets every waiting check go on, now and later. */
  openAll(): void {
    this.open();
    this.compare = (password, hash) => {
      this.checked.push(password);
      return this.real.compare(password, hash);
    };
  }
}

type Console = Awaited<ReturnType<typeof startConsole>>;
const NO_RATE_LIMIT = { LOGIN_RATE_PER_ADDRESS: 100_000, LOGIN_RATE_GLOBAL: 100_000 };
const RIGHT = 'password-marco';

describe('login lockout under concurrent attempts (deterministic barrier)', () => {
  let app: Console;
  let gate: GatedHasher;
  beforeEach(async () => {
    gate = new GatedHasher(sharedPasswordHasher());
    app = await startConsole({ passwords: gate, config: NO_RATE_LIMIT });
  });
  afterEach(async () => {
    gate.openAll();
    await app?.close();
  });

  /** Sends a login; the answer's status is pushed to `answered` as soon as it comes. */
  const attempt = (password: string, answered: number[]) =>
    fetch(`${app.url}/api/console/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'marco', password }),
    }).then(async (res) => {
      answered.push(res.status);
      return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
    });

  /** Waits until every one of `n` requests is either waiting at the gate or answered. */
  const allDecided = (n: number, answered: number[]) =>
    eventually(() => expect(gate.checked.length + answered.length).toBe(n), 20_000);

  it('checks at most 5 passwords of 60 wrong ones sent together, then the pair is locked', async () => {
    const answered: number[] = [];
    const requests = Array.from({ length: 60 }, () => attempt('wrong-password', answered));
    await allDecided(60, answered);
    expect(gate.checked).toHaveLength(5);
    gate.openAll();
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status === 401)).toHaveLength(4);
    expect(results.filter((r) => r.status === 429)).toHaveLength(56);
    expect(gate.checked).toHaveLength(5);
    // Locked now: even the right password is refused without being checked.
    expect((await attempt(RIGHT, [])).code).toBe('locked');
    expect(gate.checked).toHaveLength(5);
  });

  it('refuses the right password sent after 40 wrong ones were counted, and once they fail', async () => {
    const answered: number[] = [];
    const wrong = Array.from({ length: 40 }, () => attempt('wrong-password', answered));
    await allDecided(40, answered);
    const rightAnswered: number[] = [];
    const right = attempt(RIGHT, rightAnswered);
    await eventually(() => expect(gate.checked.includes(RIGHT) || rightAnswered.length === 1).toBe(true));
    expect(gate.checked).not.toContain(RIGHT);
    gate.openAll();
    expect((await right).status).toBe(429);
    await Promise.all(wrong);
    expect((await attempt(RIGHT, [])).code).toBe('locked');
    expect(gate.checked).not.toContain(RIGHT);
  });

  it('lets the right password in at most once when 40 wrong ones and it are sent together', async () => {
    const answered: number[] = [];
    const requests = [
      ...Array.from({ length: 20 }, () => attempt('wrong-password', answered)),
      attempt(RIGHT, answered),
      ...Array.from({ length: 20 }, () => attempt('wrong-password', answered)),
    ];
    await allDecided(41, answered);
    expect(gate.checked.length).toBeLessThanOrEqual(5);
    // The worst order for a lockout: every wrong password's check finishes before the right one's.
    gate.open((p) => p !== RIGHT);
    const rightWaits = gate.checked.includes(RIGHT);
    await eventually(() => expect(answered).toHaveLength(rightWaits ? 40 : 41), 20_000);
    gate.openAll();
    const results = await Promise.all(requests);
    const successes = results.filter((r) => r.status === 200);
    expect(successes.length).toBeLessThanOrEqual(1);
    // A success only for a right password counted among the first five: never once the pair was locked.
    if (successes.length === 1) expect(gate.checked.slice(0, 5)).toContain(RIGHT);
    const audit = (await app.handoff.audit.recent()).filter((a) => a.actor === 'marco');
    const lockedAt = audit.findIndex((a) => a.action === 'login-locked');
    const loggedInAt = audit.findIndex((a) => a.action === 'login');
    if (lockedAt >= 0 && loggedInAt >= 0) expect(loggedInAt).toBeLessThan(lockedAt);
  });
});
