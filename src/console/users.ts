import { z } from 'zod';
import { SportelloError } from '../shared/errors';
import type { Storage } from '../storage/storage';
import { type PasswordHasher, sharedPasswordHasher } from './password-hasher';

/** Storage collection of console users, keyed by lower-case username. */
export const USERS = 'users';

/** Console roles, each including the rights of the ones before it. */
export const ROLES = ['operator', 'editor', 'admin'] as const;
/** A console role: `operator` handles conversations, `editor` also manages canned responses, `admin` everything. */
export type Role = (typeof ROLES)[number];

/** True when `role` has at least the rights of `needed`. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** A console user as stored (the hash never leaves the server). */
export interface ConsoleUser {
  username: string;
  /** Name shown to citizens ("Giulia"). */
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: string;
  disabled?: boolean;
}

/** Usernames: 3–32 lower-case letters, digits, dot, dash or underscore. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, 'must be 3 to 32 letters, digits, dots, dashes or underscores');
/** Passwords: 10 to 200 characters. */
export const passwordSchema = z.string().min(10, 'must be at least 10 characters').max(200);

/** The username is taken. */
export class UserExistsError extends SportelloError {
  constructor(readonly username: string) {
    super('user_exists', `User "${username}" already exists`, { kind: 'conflict' });
  }
}

/**
 * The console's user accounts, passwords hashed with bcrypt on the password thread (the process's shared one
 * unless a hasher is given).
 */
export class UserStore {
  // Compared against when the username does not exist, at the same cost, so timing does not reveal usernames.
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly storage: Storage,
    /** bcrypt cost factor (2^cost rounds); lower it only in tests. */
    private readonly cost = 11,
    private readonly passwords: PasswordHasher = sharedPasswordHasher(),
  ) {}

  /** Creates a user; throws {@link UserExistsError} when the username is taken. */
  async create(input: {
    username: string;
    password: string;
    role: Role;
    name?: string;
  }): Promise<ConsoleUser> {
    const username = usernameSchema.parse(input.username);
    const password = passwordSchema.parse(input.password);
    const user: ConsoleUser = {
      username,
      name: input.name?.trim() || username,
      role: input.role,
      passwordHash: await this.passwords.hash(password, this.cost),
      createdAt: new Date().toISOString(),
    };
    try {
      await this.storage.put(USERS, username, user, { expectVersion: null });
    } catch (err) {
      if ((err as { code?: string }).code === 'version_conflict') throw new UserExistsError(username);
      throw err;
    }
    return user;
  }

  /** Sets a new password. */
  async setPassword(username: string, password: string): Promise<boolean> {
    const user = await this.get(username);
    if (!user) return false;
    const passwordHash = await this.passwords.hash(passwordSchema.parse(password), this.cost);
    await this.storage.put(USERS, user.username, { ...user, passwordHash });
    return true;
  }

  /** A user by username (case-insensitive). */
  async get(username: string): Promise<ConsoleUser | undefined> {
    return this.storage.get<ConsoleUser>(USERS, username.trim().toLowerCase());
  }

  /** Every user, by username. */
  async list(): Promise<ConsoleUser[]> {
    return (await this.storage.list<ConsoleUser>(USERS)).map((e) => e.value);
  }

  /** The user when the password is right and the account enabled; always spends one bcrypt comparison. */
  async verify(username: string, password: string): Promise<ConsoleUser | undefined> {
    const user = await this.get(username);
    this.dummyHash ??= this.passwords.hash('not-a-real-password', this.cost);
    const ok = await this.passwords.compare(password, user?.passwordHash ?? (await this.dummyHash));
    return ok && user && !user.disabled ? user : undefined;
  }
}
