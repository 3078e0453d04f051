// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackgroundService } from './background-service';
import { computeRetryDelayMs, outboxAlarmName } from './outbox';
import { outboxItem, settingsItem } from './storage';
import { type ApiDouble, startApiDouble } from './testing/api-double';

const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const contentSender = () => ({
  id: fakeBrowser.runtime.id,
  tab: { id: 1 } as never,
  url: 'https://mail.google.com/',
});

let api: ApiDouble;

async function signIn(token = api.token) {
  await settingsItem.setValue({
    serverUrl: api.url,
    token,
    user: { email: 'rita@example.com', role: 'rep' },
  });
}

function seedLead() {
  api.leads.set('lead-7', {
    id: 'lead-7',
    fullName: 'Ada Lovelace',
    email: 'ada@example.com',
    stage: 'mql',
    notes: [],
    followUps: [],
  });
}

async function addNote(service: ReturnType<typeof createBackgroundService>, body: string) {
  return service.handleMessage({ type: 'note.add', leadId: 'lead-7', body }, contentSender());
}

function notePosts() {
  return api.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/notes'));
}

beforeEach(async () => {
  fakeBrowser.reset();
  api = await startApiDouble();
  seedLead();
});

afterEach(async () => {
  await api.stop();
});

describe('outbox delivery', () => {
  it('delivers a note at once when the API is up, with the entry id as Idempotency-Key', async () => {
    await signIn();
    const service = createBackgroundService();

    const reply = await addNote(service, 'Asked about pricing');

    expect(reply).toEqual({ ok: true, data: { status: 'sent' } });
    expect(api.leads.get('lead-7')?.notes).toEqual(['Asked about pricing']);
    const [post] = notePosts();
    expect(post?.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await outboxItem.getValue()).entries).toEqual([]);
  });

  it('keeps a note while the API is down, backs off with an alarm, and delivers it once when it is back', async () => {
    await signIn();
    const service = createBackgroundService();
    await api.stop();

    const reply = await addNote(service, 'Left a voicemail, will call Tuesday');

    expect(reply.ok && reply.data).toMatchObject({ status: 'queued' });
    const state = await service.outbox.getState();
    expect(state.waitingTotal).toBe(1);
    expect(state.waiting.note).toBe(1);
    expect(state.lastError).toMatch(/Cannot reach/);
    const alarm = await fakeBrowser.alarms.get(outboxAlarmName);
    expect(alarm).toBeDefined();

    // Still down at the first retry: the next alarm is further away.
    await service.handleAlarm({ name: outboxAlarmName });
    const secondRound = await outboxItem.getValue();
    expect(secondRound.failedRounds).toBe(2);

    await api.start();
    await service.handleAlarm({ name: outboxAlarmName });

    expect(api.leads.get('lead-7')?.notes).toEqual(['Left a voicemail, will call Tuesday']);
    expect(notePosts()).toHaveLength(1);
    expect((await service.outbox.getState()).waitingTotal).toBe(0);
    expect(await fakeBrowser.alarms.get(outboxAlarmName)).toBeUndefined();
  });

  it('survives a service-worker restart: a new background instance delivers what the old one stored', async () => {
    await signIn();
    await api.stop();
    const before = createBackgroundService();
    await addNote(before, 'Written offline');

    // The worker is gone; only storage remains. A browser start runs the startup handler of a fresh instance.
    await api.start();
    const after = createBackgroundService();
    await after.handleStartup();

    expect(api.leads.get('lead-7')?.notes).toEqual(['Written offline']);
    expect((await after.outbox.getState()).waitingTotal).toBe(0);
  });

  it('applies a note exactly once when the answer is lost and the same key is resent', async () => {
    await signIn();
    const service = createBackgroundService();
    api.dropNextAnswer();

    const reply = await addNote(service, 'Connected, sending proposal');

    expect(reply.ok && reply.data).toMatchObject({ status: 'queued' });
    expect(api.leads.get('lead-7')?.notes).toEqual(['Connected, sending proposal']);

    await service.handleAlarm({ name: outboxAlarmName });

    const posts = notePosts();
    expect(posts).toHaveLength(2);
    expect(posts[0]?.headers['idempotency-key']).toBe(posts[1]?.headers['idempotency-key']);
    expect(api.leads.get('lead-7')?.notes).toEqual(['Connected, sending proposal']);
    expect((await service.outbox.getState()).waitingTotal).toBe(0);
  });

  it('waits while the token is rejected and delivers after signing in again', async () => {
    await signIn('revoked-token');
    const service = createBackgroundService();

    const reply = await addNote(service, 'Keep me');
    expect(reply.ok && reply.data).toMatchObject({ status: 'queued' });
    expect((await service.outbox.getState()).lastError).toBe('The server did not accept the token');

    const signedIn = await service.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    expect(signedIn.ok).toBe(true);
    await service.outbox.flush();

    expect(api.leads.get('lead-7')?.notes).toEqual(['Keep me']);
  });

  it("never sends one user's waiting note with another user's token", async () => {
    await settingsItem.setValue({
      serverUrl: api.url,
      token: api.token,
      user: { email: 'sam@example.com', role: 'rep' },
    });
    const service = createBackgroundService();
    await api.stop();
    await addNote(service, "Sam's note");
    await service.handleMessage({ type: 'session.signOut' }, popupSender());
    await api.start();

    // Rita signs in on the same browser: Sam's note stays waiting, unsent.
    await service.handleMessage(
      { type: 'session.signIn', serverUrl: api.url, token: api.token },
      popupSender(),
    );
    await service.outbox.flush();
    expect(notePosts()).toHaveLength(0);
    expect((await service.outbox.getState()).waiting.note).toBe(1);

    // Sam signs in again: it goes.
    await settingsItem.setValue({
      serverUrl: api.url,
      token: api.token,
      user: { email: 'sam@example.com', role: 'rep' },
    });
    await service.outbox.flush();
    expect(api.leads.get('lead-7')?.notes).toEqual(["Sam's note"]);
  });

  it('delivers waiting entries in the order they were written', async () => {
    await signIn();
    const service = createBackgroundService();
    await api.stop();
    await addNote(service, 'first');
    await addNote(service, 'second');
    await service.handleMessage(
      { type: 'followUp.add', leadId: 'lead-7', followUp: 'left_voicemail' },
      contentSender(),
    );
    expect((await service.outbox.getState()).waiting).toMatchObject({ note: 2, followUp: 1 });

    await api.start();
    await service.handleAlarm({ name: outboxAlarmName });

    expect(api.leads.get('lead-7')?.notes).toEqual(['first', 'second']);
    expect(api.leads.get('lead-7')?.followUps).toEqual([{ channel: 'voicemail', outcome: 'left_voicemail' }]);
  });

  it('keeps an entry the API refuses for good as failed, visible until discarded', async () => {
    await signIn();
    const service = createBackgroundService();
    await api.stop();
    await addNote(service, 'for a lead that was erased');
    await api.start();
    api.failNextWrite(403, { error: { code: 'forbidden', message: 'Not your lead' } });

    await service.handleAlarm({ name: outboxAlarmName });

    const state = await service.outbox.getState();
    expect(state.waitingTotal).toBe(0);
    expect(state.failed).toEqual([
      expect.objectContaining({
        kind: 'note',
        summary: 'Note: for a lead that was erased',
        error: 'Not your lead',
      }),
    ]);
    const [failed] = state.failed;
    const after = await service.handleMessage(
      { type: 'outbox.discard', entryId: failed?.id ?? '' },
      popupSender(),
    );
    expect(after.ok && after.data).toMatchObject({ failed: [] });
  });

  it('waits without an alarm while signed out', async () => {
    const service = createBackgroundService();
    const reply = await addNote(service, 'Signed out note');
    expect(reply.ok && reply.data).toMatchObject({ status: 'queued' });
    expect(await fakeBrowser.alarms.get(outboxAlarmName)).toBeUndefined();
    expect(api.requests).toHaveLength(0);
  });
});

describe('computeRetryDelayMs', () => {
  it('doubles from 30 s and stops at 30 min', () => {
    expect(computeRetryDelayMs(1)).toBe(30_000);
    expect(computeRetryDelayMs(2)).toBe(60_000);
    expect(computeRetryDelayMs(3)).toBe(120_000);
    expect(computeRetryDelayMs(20)).toBe(30 * 60_000);
  });
});
