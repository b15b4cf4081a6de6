import type { IdentitySource } from './prefill';
import type { SlotBook } from './slots';
import type { TicketStore } from './tickets/ticket-store';

/** What a form needs besides its definition. */
export interface FormDependencies {
  tickets: TicketStore;
  slots: SlotBook;
  /** The verified identities of citizens signed in on the comune's portal; without it nothing is filled in. */
  identities?: IdentitySource;
  /** True when app IO messages are configured: only then is a step marked `io_consent` asked. */
  ioEnabled?: boolean;
  /** True when pagoPA is configured: a form with a `fee` then creates a pagoPA notice, else says "at the counter". */
  pagoPaEnabled?: boolean;
}
