import type { Lang } from '../engine/types';
import { fullName, type VerifiedCitizen } from '../identity/citizen-identity';
import { validateStep } from './fields';
import type { FormData } from './form-state';
import { pick } from './localized';
import type { DialogDefinition, PrefillClaim } from './schema';
import type { TicketIdentity } from './tickets/ticket';

/** Where forms and the services skill read the verified identity of a conversation's citizen. */
export interface IdentitySource {
  /** The citizen the comune's portal vouched for in this conversation, or undefined when anonymous. */
  verified(conversationKey: string): Promise<VerifiedCitizen | undefined>;
}

function claimValue(citizen: VerifiedCitizen, claim: PrefillClaim): string | undefined {
  switch (claim) {
    case 'fiscal_number':
      return citizen.fiscalNumber;
    case 'name':
      return citizen.name;
    case 'family_name':
      return citizen.familyName;
    case 'full_name':
      return fullName(citizen);
    case 'email':
      return citizen.email;
  }
}

/**
 * Fills in the steps that declare `prefill:` from a verified citizen's claims, each checked by its field's
 * own validator (a claim the field would refuse is asked instead). Records them in `data.verified` and
 * resolves the labels of the steps filled in, in form order.
 */
export function prefillForm(
  def: DialogDefinition,
  data: FormData,
  citizen: VerifiedCitizen,
  lang: Lang,
  today: string,
): string[] {
  const labels: string[] = [];
  for (const step of def.steps) {
    const raw = step.prefill ? claimValue(citizen, step.prefill) : undefined;
    if (raw === undefined) continue;
    const result = validateStep(step, {}, raw, today);
    if (!result.ok) continue;
    data.answers[step.id] = result.value;
    data.verified = { ...data.verified, [step.id]: result.value };
    labels.push(pick(step.label, lang));
  }
  return labels;
}

/** The identity a ticket carries, from the verified citizen. */
export function ticketIdentityOf(citizen: VerifiedCitizen): TicketIdentity {
  return { ...citizen, method: 'spid-cie' };
}
