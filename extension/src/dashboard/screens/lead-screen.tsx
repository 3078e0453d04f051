import {
  HistoryResponseSchema,
  type LeadCard,
  LeadResponseSchema,
  type LeadView,
  LookupResponseSchema,
  MeResponseSchema,
  type Prospect,
  QualificationResponseSchema,
} from '@leadlight/contract';
import { CardBody } from '@/overlay/card';
import { ApiCallError, callApi } from '../api';
import { ErrorBox } from '../components/error-box';
import { describeLead, describeSource, formatDateTime } from '../components/format';
import { Loading } from '../components/loading';
import { useApi } from '../components/use-api';
import type { ScreenProps } from '../screen-props';

/** Entries the overlay's card shows (the lookup route answers the last five). */
const historyOnCard = 5;

interface LeadPage {
  lead: LeadView;
  card: LeadCard;
  /** Where the card came from: the lookup route (exactly the overlay's card) or rebuilt from the lead's routes. */
  cardSource: 'lookup' | 'lead';
  /** The signed-in user's id, to say "You" as owner (null when /me could not be read). */
  myId: string | null;
}

/**
 * The API has no "card by lead id" route, only lookup by identity. An email, LinkedIn URL or phone names one lead
 * (they are unique identities), so the lookup answers exactly the overlay's card; it is used only when it names
 * this very lead.
 */
async function lookUpCard(lead: LeadView): Promise<LeadCard | null> {
  const identities: Record<string, string>[] = [
    ...lead.identities.emails.slice(0, 1).map((email) => ({ email })),
    ...(lead.identities.linkedinUrl ? [{ linkedin: lead.identities.linkedinUrl }] : []),
    ...lead.identities.phones.slice(0, 1).map((phone) => ({ phone })),
  ];
  for (const query of identities) {
    try {
      const answer = await callApi('GET', '/lookup', LookupResponseSchema, { query });
      if (answer.card.leadId === lead.id) return answer.card;
    } catch (error) {
      // A stored identity the lookup refuses (an old, oddly written email) is not a reason to show nothing.
      if (!(error instanceof ApiCallError) || (error.status !== 404 && error.status !== 400)) throw error;
    }
  }
  return null;
}

/** The same card from the lead's own routes, for leads without an exact identity (many imported leads). */
async function buildCard(lead: LeadView): Promise<LeadCard> {
  const path = `/leads/${encodeURIComponent(lead.id)}`;
  const [qualification, history] = await Promise.all([
    callApi('GET', `${path}/qualification`, QualificationResponseSchema),
    callApi('GET', `${path}/history`, HistoryResponseSchema, { query: { limit: historyOnCard } }),
  ]);
  const card: LeadCard = {
    leadId: lead.id,
    stage: lead.stage,
    score: lead.score,
    grade: lead.grade,
    contributions: lead.contributions,
    flags: lead.flags,
    nextAction: lead.nextAction,
    attempts: lead.attempts,
    sla: lead.sla,
    checklist: qualification.items.map((item) => ({ id: item.itemId, label: item.label, state: item.state })),
    history: history.items.map((entry) => ({
      at: entry.at,
      summary: entry.action.replace(/[._]/g, ' '),
      kind: entry.action,
    })),
  };
  if (lead.fullName !== null) card.name = lead.fullName;
  if (lead.companyName !== null) card.companyName = lead.companyName;
  return card;
}

async function loadLeadPage(leadId: string): Promise<LeadPage> {
  const [{ lead }, me] = await Promise.all([
    callApi('GET', `/leads/${encodeURIComponent(leadId)}`, LeadResponseSchema),
    // Only to name the owner: the lead is worth showing without it.
    callApi('GET', '/me', MeResponseSchema).catch(() => null),
  ]);
  const myId = me?.user.id ?? null;
  const looked = await lookUpCard(lead);
  if (looked) return { lead, card: looked, cardSource: 'lookup', myId };
  return { lead, card: await buildCard(lead), cardSource: 'lead', myId };
}

/** What the card's capture form would need; a known lead never shows that form, but CardBody asks for it. */
function toProspect(lead: LeadView): Prospect {
  const prospect: Prospect = { site: 'page', pageUrl: location.href.slice(0, 2000) };
  if (lead.fullName) prospect.fullName = lead.fullName;
  if (lead.companyName) prospect.companyName = lead.companyName;
  return prospect;
}

function describeOwner(ownerId: string | null, myId: string | null): string {
  if (ownerId === null) return 'Nobody yet';
  // Only admins may list users, so another owner is known by id alone.
  return ownerId === myId ? 'You' : `Another user (${ownerId})`;
}

function LeadDetails({ lead, myId }: { lead: LeadView; myId: string | null }) {
  const rows: [string, string][] = [
    ['Title', lead.person.title ?? '–'],
    ['Company', [lead.companyName, lead.companyDomain].filter(Boolean).join(' · ') || '–'],
    ['Emails', lead.identities.emails.join(', ') || '–'],
    ['Phones', lead.identities.phones.join(', ') || '–'],
    ['LinkedIn', lead.identities.linkedinUrl ?? '–'],
    ['Source', describeSource(lead.source)],
    ['Tags', lead.tags.join(', ') || '–'],
    ['Owner', describeOwner(lead.ownerId, myId)],
    ['Created', formatDateTime(lead.createdAt)],
    ['First touched', formatDateTime(lead.firstTouchedAt)],
    ['Last touched', formatDateTime(lead.lastTouchedAt)],
  ];
  if (lead.review) {
    rows.push([
      'Review',
      `${lead.review.state}: ${lead.review.reasons.map((reason) => `${reason.kind} (${reason.reason})`).join(', ') || '–'}`,
    ]);
  }
  return (
    <section class="ll-ld-details" aria-labelledby="ll-ld-details-title" data-testid="lead-details">
      <h2 id="ll-ld-details-title">Details</h2>
      <dl>
        {rows.map(([term, value]) => (
          <div key={term} class="ll-ld-pair">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** One lead (#/leads/<id>): the overlay's card, with its notes, follow-ups, checklist and stage, and the details. */
export function LeadScreen({ route, navigate }: ScreenProps) {
  const leadId = route.params[0];
  const { load, reload } = useApi(
    () => (leadId ? loadLeadPage(leadId) : Promise.reject(new Error('No lead is named in the address.'))),
    leadId ?? '',
  );
  const data = load.data;

  return (
    <section
      class="ll-ld-screen"
      data-testid="lead-screen"
      aria-label={data ? describeLead(data.lead) : 'Lead'}
    >
      <p>
        <button
          type="button"
          class="ll-c-button"
          onClick={() => {
            // Back to where the user came from (a queue or review page) when there is one.
            if (history.length > 1) history.back();
            else navigate('#/');
          }}
        >
          ← Back
        </button>
      </p>
      {load.status === 'error' ? (
        <ErrorBox title="Could not load this lead" error={load.error} onRetry={reload} />
      ) : null}
      {load.status === 'loading' && !data ? <Loading label="Loading the lead…" /> : null}
      {data ? (
        <div class="ll-ld-layout">
          <div class="ll-theme ll-card ll-ld-card" data-testid="lead-card" data-card-source={data.cardSource}>
            <CardBody
              key={data.card.leadId}
              card={data.card}
              prospect={toProspect(data.lead)}
              focusRequest={0}
              onChanged={reload}
              onCaptured={reload}
              hasDashboardLink={false}
            />
          </div>
          <LeadDetails lead={data.lead} myId={data.myId} />
        </div>
      ) : null}
    </section>
  );
}
