import type { Config } from '@leadlight/api/src/config';
import { createTestContext, type TestContext } from '@leadlight/api/src/testing/test-context';

export interface LeadRef {
  id: string;
  version: number;
}

export interface SecurityContext {
  ctx: TestContext;
  rep2: { id: string; token: string };
  /** Leads owned by rep, by rep2, and by nobody. */
  leads: { ofRep: LeadRef; ofRep2: LeadRef; unowned: LeadRef };
  notes: { ofRep: string; ofRep2: string };
  /** Rows in the tables a refused request must leave alone. */
  countRows(): Record<string, number>;
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  if (response.status >= 300) throw new Error(`setup request failed: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

function leadBody(index: number) {
  const domain = `security-${index}.example-corp.com`;
  return {
    person: { fullName: `Prospect ${index}`, title: 'VP Sales', seniority: 'vp' },
    company: { name: `Security Co ${index}`, domain, size: 800, industry: 'software' },
    identities: { emails: [`prospect${index}@${domain}`], phones: [] },
    source: { channel: 'web_form' },
  };
}

/** The real app with two reps, a lead for each and an unowned one, and a note by each rep. */
export async function createSecurityContext(overrides: Partial<Config> = {}): Promise<SecurityContext> {
  const ctx = createTestContext(overrides);
  const rep2 = await json<{ user: { id: string }; token: { secret: string } }>(
    await ctx.request('POST', '/api/v1/users', {
      body: { name: 'Other Rep', email: 'other.rep@leadlight.test', role: 'rep' },
    }),
  );
  const refs: LeadRef[] = [];
  for (const [index, ownerId] of [ctx.users.rep.id, rep2.user.id, null].entries()) {
    const created = await json<{ lead: LeadRef }>(
      await ctx.request('POST', '/api/v1/leads', {
        as: 'marketer',
        body: { ...leadBody(index), owner: ownerId },
      }),
    );
    refs.push({ id: created.lead.id, version: created.lead.version });
  }
  const [ofRep, ofRep2, unowned] = refs as [LeadRef, LeadRef, LeadRef];
  const noteOfRep = await json<{ note: { id: string } }>(
    await ctx.request('POST', `/api/v1/leads/${ofRep.id}/notes`, { as: 'rep', body: { body: 'Mine' } }),
  );
  const noteOfRep2 = await json<{ note: { id: string } }>(
    await ctx.request('POST', `/api/v1/leads/${ofRep2.id}/notes`, {
      token: rep2.token.secret,
      body: { body: 'Theirs' },
    }),
  );
  const tables = ['users', 'api_tokens', 'leads', 'notes', 'follow_ups', 'stage_moves', 'history'];
  return {
    ctx,
    rep2: { id: rep2.user.id, token: rep2.token.secret },
    leads: { ofRep, ofRep2, unowned },
    notes: { ofRep: noteOfRep.note.id, ofRep2: noteOfRep2.note.id },
    countRows: () =>
      Object.fromEntries(
        tables.map((table) => [
          table,
          ctx.db.$client.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number,
        ]),
      ),
  };
}

export async function readError(
  response: Response,
): Promise<{ code: string; message: string; details?: unknown }> {
  return ((await response.json()) as { error: { code: string; message: string; details?: unknown } }).error;
}
