import { parseDialogFile } from '../../../src/services/loader';

const FILE = (type: string) => `id: prenota
title: { it: Prenota, en: Book }
steps:
  - id: quando
    type: ${type}
    label: { it: Quando, en: When }
    prompt: { it: Quando vuoi venire?, en: When? }
    slots: { weekdays: [mon], times: ["09:00"], timezone: Mars/Olympus }
`;

describe('the appointment field type', () => {
  it('is a type of its own, and an old date step with slots is read as one', () => {
    for (const type of ['appointment', 'date']) {
      const { issues } = parseDialogFile('prenota.yaml', FILE(type));
      // Both parse as appointments, so the appointment's own check (its time zone) runs on both.
      expect(issues.map((i) => i.reason)).toEqual(['unknown time zone "Mars/Olympus"']);
    }
    const { definition } = parseDialogFile(
      'prenota.yaml',
      FILE('date').replace('Mars/Olympus', 'Europe/Rome'),
    );
    expect(definition?.steps[0]?.type).toBe('appointment');
  });

  it('lets no other type carry slots', () => {
    const { issues } = parseDialogFile('prenota.yaml', FILE('text'));
    expect(issues.map((i) => i.reason).join('\n')).toMatch(/Unrecognized key: "slots"/);
  });
});

describe('an appointment with desks', () => {
  const DESKS = (desks: string, extra = '') => `id: prenota
title: { it: Prenota, en: Book }
steps:
  - id: quando
    type: appointment
    label: { it: Quando, en: When }
    prompt: { it: Quando vuoi venire?, en: When? }
${extra}    desks:
${desks}`;
  const desk = (id: string, timezone = 'Europe/Rome') =>
    `      - { id: ${id}, label: { it: Sportello ${id} }, weekdays: [tue], times: ["10:00"], capacity: 2, timezone: ${timezone} }\n`;

  it('parses each desk with its own calendar and the defaults of one', () => {
    const { definition, issues } = parseDialogFile(
      'prenota.yaml',
      DESKS(desk('anagrafe') + desk('stato-civile')),
    );
    expect(issues).toEqual([]);
    const step = definition?.steps[0];
    expect(step?.type === 'appointment' && step.desks?.map((d) => [d.id, d.capacity, d.horizonDays])).toEqual(
      [
        ['anagrafe', 2, 30],
        ['stato-civile', 2, 30],
      ],
    );
  });

  it('lints a desk listed twice, an unknown time zone, and slots together with desks', () => {
    const reasons = (text: string) => parseDialogFile('prenota.yaml', text).issues.map((i) => i.reason);
    expect(reasons(DESKS(desk('anagrafe') + desk('anagrafe')))).toEqual(['desk "anagrafe" is listed twice']);
    expect(reasons(DESKS(desk('anagrafe', 'Mars/Olympus')))).toEqual(['unknown time zone "Mars/Olympus"']);
    expect(reasons(DESKS(desk('anagrafe'), '    slots: { weekdays: [mon], times: ["09:00"] }\n'))).toEqual([
      'an appointment needs either "slots" or "desks", not both',
    ]);
    expect(
      reasons(DESKS('      - { id: Anagrafe!, label: A, weekdays: [mon], times: ["09:00"] }\n')),
    ).toEqual([expect.stringMatching(/must be lower case letters, digits, - or _/)]);
  });
});
