import { UserStore } from '../../src/console/users';
import type { Storage } from '../../src/storage/storage';

/** The operator the console and API tests sign in as. */
export const GIULIA = { username: 'giulia', password: 'password-giulia' } as const;

/** Creates Giulia, an operator, in a test app's storage (bcrypt cost 4: fast enough for tests). */
export async function addGiulia(storage: Storage): Promise<void> {
  await new UserStore(storage, 4).create({ ...GIULIA, role: 'operator', name: 'Giulia' });
}
