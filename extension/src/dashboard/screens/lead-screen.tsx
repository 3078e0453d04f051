import {
  type LeadCard,
  LeadCardResponseSchema,
  LeadResponseSchema,
  type LeadView,
  MeResponseSchema,
  type Prospect,
} from '@leadlight/contract';
import { CardBody } from '@/overlay/card';
import { callApi } from '../api';
import { ErrorBox } from '../components/error-box';
import { describeLead, describeSource, formatDateTime } from '../components/format';
import { Loading } from '../components/loading';
import { useApi } from '../components/use-api';
import type { ScreenProps } from '../screen-props';

interface LeadPage {
  lead: LeadView;
  card: LeadCard;
  /** The signed-in user's id, to say "You" as owner (null when /me could not be read). */
  myId: string | null;
}

async function loadLeadPage(leadId: string): Promise<LeadPage> {
  const path = `/leads/${encodeURIComponent(leadId)}`;
  const [{ lead }, { card }, me] = await Promise.all([
    callApi('GET', path, LeadResponseSchema),
    // The overlay's own card (the route the lookup shares), so both show the same thing.
    callApi('GET', `${path}/card`, LeadCardResponseSchema),
    // Only to name the owner: the lead is worth showing without it.
    callApi('GET', '/me', MeResponseSchema).catch(() => null),
  ]);
  return { lead, card, myId: me?.user.id ?? null };
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
          <div class="ll-theme ll-card ll-ld-card" data-testid="lead-card">
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
