import type { LeadSummary } from '@leadlight/contract';

/** The overlay's stage names, so a stage reads the same in the card and in the dashboard's lists. */
export { formatStage as formatStageName } from '@/overlay/format';

/** "24 Nov 2026" in the user's locale, UTC-independent enough for lists. */
export function formatDay(iso: string | undefined | null): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string | undefined | null): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** 0.4321 → "43.2%"; null (nobody to divide by) → "–". */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '–';
  return `${(rate * 100).toFixed(1)}%`;
}

export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '–';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}

/** The name a person recognises a lead by, never empty. */
export function describeLead(lead: Pick<LeadSummary, 'fullName' | 'email' | 'companyName' | 'id'>): string {
  return lead.fullName ?? lead.email ?? lead.companyName ?? `Lead ${lead.id}`;
}

export function describeSource(source: LeadSummary['source']): string {
  const parts = [source.channel, source.campaign].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : 'No source';
}
