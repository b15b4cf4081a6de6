import type { DirectLineCitizen } from './directline-citizen';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

/**
 * A web-chat citizen fills in the demo parking pass (uploading the libretto, answering `ioConsent` to app IO
 * updates when asked) and confirms it; resolves the protocol number, the reply after the last question (the IO
 * question, when asked), the summary and the confirmation.
 */
export async function completeParkingPass(
  base: string,
  c: DirectLineCitizen,
  fiscalCode: string,
  ioConsent: 'sì' | 'no' = 'sì',
): Promise<{ protocol: string; asked: string; summary: string; done: string }> {
  await c.say('Pass sosta residenti', 'service:pass-sosta-residenti');
  await c.say(fiscalCode);
  await c.say('Mario Rossi');
  await c.say('Via Roma 12');
  await c.say('AB123CD');
  const form = new FormData();
  const activity = {
    type: 'message',
    from: { id: 'citizen' },
    channelData: { clientActivityID: `f-${Math.random()}` },
  };
  form.append(
    'activity',
    new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }),
  );
  form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'libretto.pdf');
  const sent = await fetch(`${base}/v3/directline/conversations/${c.conversationId}/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${c.token}` },
    body: form,
  });
  if (sent.status !== 200) throw new Error(`upload: HTTP ${sent.status}`);
  await c.newBotText();
  await c.say('Sì', 'sì');
  const asked = await c.say('Salta', 'form:skip');
  const summary = asked.includes('app IO?')
    ? await c.say(ioConsent === 'sì' ? 'Sì' : 'No', ioConsent)
    : asked;
  const done = await c.say('Conferma e invia', 'form:confirm');
  const protocol = /ESE-\d{4}-\d{6}/.exec(done)?.[0];
  if (!protocol) throw new Error(`no protocol in: ${done}`);
  return { protocol, asked, summary, done };
}
