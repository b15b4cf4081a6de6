/**
 * What a WhatsApp user reads for a message text: `*bold*`, `_italic_`, `~strike~` and ```` ```mono``` ```` lose
 * their markers when WhatsApp would format them (markers at word edges), and stay literal otherwise.
 */
export function visibleText(raw: string): string {
  let text = raw.replace(/```([\s\S]*?)```/g, '$1');
  for (const marker of ['*', '_', '~']) {
    const m = `\\${marker}`;
    const pattern = new RegExp(
      `(^|[\\s(])${m}([^\\s${m}](?:[^${m}\\n]*[^\\s${m}])?)${m}(?=$|[\\s.,;:!?)])`,
      'g',
    );
    text = text.replace(pattern, '$1$2');
  }
  return text;
}

/** The options of a numbered text menu at the end of a message (label and the number to type). */
export function numberedChoices(raw: string): Array<{ label: string; value: string }> {
  const blocks = raw.split('\n\n');
  const hint = blocks.at(-1) ?? '';
  if (!/numero dell’opzione|number of the option/.test(hint)) return [];
  const menu = blocks.at(-2) ?? '';
  return menu
    .split('\n')
    .map((line) => /^(\d+)\. (.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ label: m[2] as string, value: m[1] as string }));
}
