import { createTestContext, type TestContext } from '@leadlight/api/src/testing/test-context';
import type { Role } from '@leadlight/contract';

/** The users a fuzz run acts as: one per role, a second rep (for other-owner cases) and a victim whose tokens may be revoked. */
export type Actor = Role | 'rep2';
export const actors: readonly Actor[] = ['rep', 'rep2', 'marketer', 'admin'];

export interface FuzzWorld {
  ctx: TestContext;
  tokens: Record<Actor, string>;
  userIds: Record<Actor | 'victim', string>;
  /** Ids that exist, by the kind of path parameter they fill. */
  ids: {
    lead: string[];
    note: string[];
    user: string[];
    token: string[];
    ruleset: string[];
    version: string[];
    import: string[];
    ingestKey: string[];
    alert: string[];
  };
  /** A valid ruleset definition (the default one under the id `fuzz-rules`), for bodies that need one. */
  rulesetDefinition: object;
  /** A digest of everything a request may change except bookkeeping (idempotency keys, token last-use times). */
  fingerprint(): string;
}

async function post(
  ctx: TestContext,
  path: string,
  as: Role,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await ctx.request('POST', path, { as, body });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300 && response.status !== 422) {
    throw new Error(`seeding ${path} failed: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

function createFingerprint(ctx: TestContext): () => string {
  const sqlite = ctx.db.$client;
  const tables = (
    sqlite
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  )
    .map((row) => row.name)
    .filter((name) => name !== 'idempotency_keys' && name !== '__drizzle_migrations');
  const parts = tables.map((name) => `(SELECT count(*) FROM "${name}")`);
  const extras: Record<string, string[]> = {
    leads: ['coalesce(sum(version), 0)', "coalesce(max(updated_at), '')"],
    notes: ['coalesce(sum(length(body)), 0)', "coalesce(max(updated_at), '')"],
    api_tokens: ['count(revoked_at)'],
    users: ['count(disabled_at)', "group_concat(role, '')"],
    ruleset_versions: ["group_concat(state, '')", "coalesce(max(updated_at), '')"],
  };
  for (const [table, expressions] of Object.entries(extras)) {
    if (!tables.includes(table)) continue;
    for (const expression of expressions) parts.push(`(SELECT ${expression} FROM "${table}")`);
  }
  const statement = sqlite.prepare(`SELECT ${parts.join(" || '|' || ")} AS digest`).pluck();
  return () => String(statement.get());
}

/** The id of what a seeding request made, read from its answer at `path` (e.g. ['job', 'id']). */
function readSeededId(json: Record<string, unknown>, path: readonly string[]): string {
  let value: unknown = json;
  for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`seeding gave no ${path.join('.')}: ${JSON.stringify(json).slice(0, 300)}`);
  }
  return String(value);
}

/**
 * One of each object the other routes name in their paths — two versions of a ruleset draft, an import job with
 * rows, an ingest key, an erasure — so their success answers are generated too, and checked against the contract.
 */
async function seedOtherObjects(ctx: TestContext): Promise<{
  ids: Pick<FuzzWorld['ids'], 'ruleset' | 'version' | 'import' | 'ingestKey' | 'alert'>;
  rulesetDefinition: object;
}> {
  const active = (await (await ctx.request('GET', '/api/v1/rulesets/active')).json()) as {
    definition: object;
  };
  const definition = { ...active.definition, id: 'fuzz-rules', name: 'Fuzz rules' };
  const versions: string[] = [];
  for (let index = 0; index < 2; index += 1) {
    const draft = await post(ctx, '/api/v1/rulesets', 'marketer', { definition });
    versions.push(readSeededId(draft, ['ruleset', 'version']));
  }

  const csv = [
    'email,first_name,last_name,company,title',
    'ada@import-one.example,Ada,Import,Import One,VP Sales',
    'not-an-email,Bad,Row,,',
    'ada@import-one.example,Ada,Again,Import One,VP Sales',
  ].join('\n');
  const upload = await ctx.request('POST', '/api/v1/imports?wait=true&fileName=fuzz.csv', {
    as: 'marketer',
    body: csv,
    headers: { 'content-type': 'text/csv' },
  });
  const uploaded = (await upload.json()) as Record<string, unknown>;
  if (upload.status !== 200)
    throw new Error(`seeding an import failed: ${upload.status} ${JSON.stringify(uploaded)}`);

  const ingestKey = await post(ctx, '/api/v1/ingest/keys', 'admin', { label: 'fuzz' });

  const erased = await post(ctx, '/api/v1/leads', 'marketer', {
    person: { fullName: 'Erased Person', title: 'VP Sales', seniority: 'vp' },
    company: { name: 'Erased Co', domain: 'erased-co.com', size: 500, industry: 'software' },
    identities: { emails: ['erased@erased-co.com'], phones: [] },
    source: { channel: 'web_form' },
  });
  const erasedId = (erased.lead as { id?: string } | undefined)?.id;
  if (erasedId !== undefined)
    await post(ctx, `/api/v1/privacy/leads/${erasedId}/erase`, 'admin', { reason: 'fuzz' });

  return {
    ids: {
      ruleset: ['fuzz-rules'],
      version: versions,
      import: [readSeededId(uploaded, ['job', 'id'])],
      ingestKey: [readSeededId(ingestKey, ['key', 'id'])],
      // No alert is seeded (one needs an SLA breach); the feed's list is still answered and checked.
      alert: [],
    },
    rulesetDefinition: definition,
  };
}

/**
 * A real app on a migrated :memory: database with leads owned by each rep, one unowned, one in the review queue,
 * notes by both reps. The failed-auth limit is lifted so header fuzzing does not lock every later case out (the
 * security suite tests the limit itself).
 */
export async function createFuzzWorld(): Promise<FuzzWorld> {
  const ctx = createTestContext({ authFailureLimit: 1_000_000_000 });
  const rep2 = (await post(ctx, '/api/v1/users', 'admin', {
    name: 'Second Rep',
    email: 'rep2@leadlight.test',
    role: 'rep',
  })) as { user: { id: string }; token: { secret: string } };
  const victim = (await post(ctx, '/api/v1/users', 'admin', {
    name: 'Victim',
    email: 'victim@leadlight.test',
    role: 'marketer',
  })) as { user: { id: string }; token: { secret: string; token: { id: string } } };

  const leadIds: string[] = [];
  const domains = ['quinn-robotics.com', 'marsh-daughters.co.uk', 'orbital-freight.io'];
  for (const [index, domain] of domains.entries()) {
    const created = (await post(ctx, '/api/v1/leads', 'marketer', {
      person: { fullName: `Seed Person ${index}`, title: 'VP Sales', seniority: 'vp' },
      company: { name: `Seed Company ${index}`, domain, size: 500, industry: 'software' },
      identities: { emails: [`seed${index}@${domain}`], phones: [] },
      source: { channel: 'web_form', campaign: 'seed' },
      tags: ['seed'],
    })) as { lead?: { id: string }; error?: { details?: { leadId?: string } } };
    const id = created.lead?.id ?? created.error?.details?.leadId;
    if (id === undefined) throw new Error('seeding a lead gave no id');
    leadIds.push(id);
  }
  const [repLeadId, rep2LeadId] = leadIds as [string, string, string];
  for (const [leadId, ownerId] of [
    [repLeadId, ctx.users.rep.id],
    [rep2LeadId, rep2.user.id],
  ] as const) {
    const current = (await (await ctx.request('GET', `/api/v1/leads/${leadId}`)).json()) as {
      lead: { version: number };
    };
    const response = await ctx.request('PATCH', `/api/v1/leads/${leadId}`, {
      body: { version: current.lead.version, ownerId },
    });
    if (response.status !== 200) throw new Error(`assigning a seed lead failed: ${await response.text()}`);
  }
  // No company: the gate keeps it in the review queue (422 with its id).
  const junk = (await post(ctx, '/api/v1/leads/capture', 'rep', {
    site: 'linkedin',
    pageUrl: 'https://www.linkedin.com/in/nobody/',
    fullName: 'No Company',
    email: 'nobody@gmail.com',
  })) as { error?: { details?: { leadId?: string } }; lead?: { id: string } };
  const junkId = junk.error?.details?.leadId ?? junk.lead?.id;
  if (junkId !== undefined) leadIds.push(junkId);

  const noteIds: string[] = [];
  for (const [leadId, token] of [
    [repLeadId, ctx.users.rep.token],
    [rep2LeadId, rep2.token.secret],
  ] as const) {
    const response = await ctx.request('POST', `/api/v1/leads/${leadId}/notes`, {
      token,
      body: { body: 'Seed note' },
    });
    const json = (await response.json()) as { note: { id: string } };
    noteIds.push(json.note.id);
  }

  const extras = await seedOtherObjects(ctx);

  return {
    ctx,
    tokens: {
      rep: ctx.users.rep.token,
      rep2: rep2.token.secret,
      marketer: ctx.users.marketer.token,
      admin: ctx.users.admin.token,
    },
    userIds: {
      rep: ctx.users.rep.id,
      rep2: rep2.user.id,
      marketer: ctx.users.marketer.id,
      admin: ctx.users.admin.id,
      victim: victim.user.id,
    },
    ids: {
      lead: leadIds,
      note: noteIds,
      user: [victim.user.id, rep2.user.id, ctx.users.rep.id],
      token: [victim.token.token.id],
      ...extras.ids,
    },
    rulesetDefinition: extras.rulesetDefinition,
    fingerprint: createFingerprint(ctx),
  };
}

/** The role the API sees for an actor. */
export function roleOf(actor: Actor): Role {
  return actor === 'rep2' ? 'rep' : actor;
}
