import type { OutboxEntryKind, OutboxState, Stage } from '@leadlight/contract';

const stageLabels: Record<Stage, string> = {
  inquiry: 'Inquiry',
  mql: 'MQL',
  sal: 'SAL',
  sql: 'SQL',
  opportunity: 'Opportunity',
  won: 'Won',
  lost: 'Lost',
  nurture: 'Nurture',
  disqualified: 'Disqualified',
};

export function formatStage(stage: Stage): string {
  return stageLabels[stage];
}

const kindNames: Record<OutboxEntryKind, [string, string]> = {
  note: ['note', 'notes'],
  followUp: ['follow-up', 'follow-ups'],
  capture: ['capture', 'captures'],
  qualification: ['checklist answer', 'checklist answers'],
  stage: ['stage change', 'stage changes'],
};

/** "2 notes and 1 follow-up waiting to sync", or null when nothing waits. */
export function describeOutbox(state: OutboxState | null): string | null {
  if (!state || state.waitingTotal === 0) return null;
  const parts = (Object.keys(kindNames) as OutboxEntryKind[])
    .filter((kind) => state.waiting[kind] > 0)
    .map((kind) => {
      const count = state.waiting[kind];
      const [one, many] = kindNames[kind];
      return `${count} ${count === 1 ? one : many}`;
    });
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `${list} waiting to sync`;
}

export function formatScore(score: number | null): string {
  return score === null ? '–' : String(Math.round(score));
}

export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
