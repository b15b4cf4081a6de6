import pino from 'pino';
import type { ConversationState } from '../../src/engine/conversation-state';
import { newConversationState } from '../../src/engine/conversation-state';
import { type Dialog, type DialogTurnResult, WAITING } from '../../src/engine/dialog';
import { TurnContext } from '../../src/engine/turn-context';

const ref = { channel: 'test', conversationId: 'c1', userId: 'u1' };

/** Asks once, then ends with what the citizen wrote. */
const child: Dialog = {
  id: 'child',
  async begin(ctx) {
    ctx.reply('child asks');
    return WAITING;
  },
  async continue(ctx) {
    ctx.reply(`child got ${ctx.input}`);
    return { status: 'complete', result: ctx.input };
  },
};

/** Starts the child from its `continue` and then ends at once with `status` (as the FAQ question does). */
function starter(id: string, status: 'complete' | 'cancelled'): Dialog {
  return {
    id,
    async begin() {
      return WAITING;
    },
    async continue(ctx) {
      await ctx.beginDialog('child');
      return status === 'complete' ? { status: 'complete', result: 'starter' } : { status: 'cancelled' };
    },
  };
}

/** A parent that starts `dialogId` and records what it resumes with. */
function parent(dialogId: string, seen: DialogTurnResult[]): Dialog {
  return {
    id: 'parent',
    async begin(ctx) {
      return ctx.beginDialog(dialogId);
    },
    async continue() {
      return WAITING;
    },
    async resume(ctx, _instance, result) {
      seen.push(result);
      ctx.reply('parent resumed');
      return WAITING;
    },
  };
}

function turn(state: ConversationState, dialogs: Dialog[], text: string): TurnContext {
  return new TurnContext({ id: text, ref, text, timestamp: new Date() }, state, {
    settings: { city: 'Comune di Esempio', privacyUrl: 'https://example.org/privacy' },
    logger: pino({ level: 'silent' }),
    dialogs: new Map(dialogs.map((d) => [d.id, d])),
    services: [],
    skills: [],
    now: () => new Date(),
  });
}

describe('dialog stack: a dialog ending never removes the dialogs pushed above it', () => {
  it.each(['complete', 'cancelled'] as const)(
    'keeps a child that waits when the dialog that started it ends (%s) in the same turn',
    async (status) => {
      const dialogs = [child, starter('starter', status)];
      const state = newConversationState(ref, 'it', new Date());
      await turn(state, dialogs, 'start').beginDialog('starter');
      expect(state.stack.map((d) => d.dialogId)).toEqual(['starter']);

      const second = turn(state, dialogs, 'go');
      await second.continueDialog();
      expect(second.replies.map((r) => r.reply.text)).toEqual(['child asks']);
      expect(state.stack.map((d) => d.dialogId)).toEqual(['child']);

      const third = turn(state, dialogs, 'my answer');
      await third.continueDialog();
      expect(third.replies.map((r) => r.reply.text)).toEqual(['child got my answer']);
      expect(state.stack).toEqual([]);
    },
  );

  it('lets the parent below resume with the child’s result once that child ends', async () => {
    const seen: DialogTurnResult[] = [];
    const dialogs = [child, starter('starter', 'complete'), parent('starter', seen)];
    const state = newConversationState(ref, 'it', new Date());
    await turn(state, dialogs, 'start').beginDialog('parent');
    await turn(state, dialogs, 'go').continueDialog();
    // The starter ended while its child waits: the parent is not resumed yet, the child is on top.
    expect(seen).toEqual([]);
    expect(state.stack.map((d) => d.dialogId)).toEqual(['parent', 'child']);

    const last = turn(state, dialogs, 'fine');
    await last.continueDialog();
    expect(seen).toEqual([{ status: 'complete', result: 'fine' }]);
    expect(last.replies.map((r) => r.reply.text)).toEqual(['child got fine', 'parent resumed']);
    expect(state.stack.map((d) => d.dialogId)).toEqual(['parent']);
  });

  it('still pops a finished child and resumes its parent, as before', async () => {
    const seen: DialogTurnResult[] = [];
    const dialogs = [child, parent('child', seen)];
    const state = newConversationState(ref, 'it', new Date());
    await turn(state, dialogs, 'start').beginDialog('parent');
    expect(state.stack.map((d) => d.dialogId)).toEqual(['parent', 'child']);
    await turn(state, dialogs, 'ok').continueDialog();
    expect(seen).toEqual([{ status: 'complete', result: 'ok' }]);
    expect(state.stack.map((d) => d.dialogId)).toEqual(['parent']);
  });
});
