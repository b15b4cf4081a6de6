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
