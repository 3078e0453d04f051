import {
  type CreateLeadRequestInput,
  CreateUserResponseSchema,
  HistoryResponseSchema,
  LeadResponseSchema,
  type LeadView,
  LookupResponseSchema,
  MoveStageResponseSchema,
  NoteListResponseSchema,
  type Role,
  type Stage,
} from '@leadlight/contract';

export interface LookupIdentity {
  email?: string;
  linkedin?: string;
  name?: string;
  company?: string;
}

/** What a test reads and writes through the API, as a signed-in user would with curl; answers are schema-checked. */
export interface TestApiClient {
  createLead(lead: CreateLeadRequestInput): Promise<LeadView>;
  moveStage(leadId: string, to: Stage, reasonCode?: string): Promise<LeadView>;
  getLead(leadId: string): Promise<LeadView>;
  /** The lead id for these identities, or null when the API knows no such lead. */
  findLeadId(identity: LookupIdentity): Promise<string | null>;
  listNoteBodies(leadId: string): Promise<string[]>;
  listHistoryActions(leadId: string): Promise<{ action: string; after: unknown }[]>;
  createUser(name: string, email: string, role: Role): Promise<{ id: string; token: string }>;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
  }
}

export function createTestApiClient(baseUrl: string, token: string): TestApiClient {
  async function request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }

  async function expectStatus(method: string, path: string, expected: number[], body?: unknown) {
    const answer = await request(method, path, body);
    if (!expected.includes(answer.status)) {
      throw new ApiRequestError(
        answer.status,
        answer.body,
        `${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
    return answer;
  }

  async function getLead(leadId: string): Promise<LeadView> {
    const { body } = await expectStatus('GET', `/leads/${leadId}`, [200]);
    return LeadResponseSchema.parse(body).lead;
  }

  return {
    async createLead(lead) {
      const answer = await expectStatus('POST', '/leads', [201, 422], lead);
      // 422 gate_refused keeps the lead (in the review queue); the overlay shows it all the same.
      if (answer.status === 422) {
        const leadId = (answer.body as { error?: { details?: { leadId?: unknown } } }).error?.details?.leadId;
        if (typeof leadId !== 'string')
          throw new ApiRequestError(422, answer.body, 'Lead refused and not kept');
        return getLead(leadId);
      }
      return LeadResponseSchema.parse(answer.body).lead;
    },
    async moveStage(leadId, to, reasonCode) {
      const { body } = await expectStatus('POST', `/leads/${leadId}/stage`, [200, 201], {
        to,
        ...(reasonCode ? { reasonCode } : {}),
      });
      return MoveStageResponseSchema.parse(body).lead;
    },
    getLead,
    async findLeadId(identity) {
      const query = new URLSearchParams(Object.entries(identity).filter(([, value]) => value !== undefined));
      const answer = await expectStatus('GET', `/lookup?${query}`, [200, 404]);
      return answer.status === 404 ? null : LookupResponseSchema.parse(answer.body).card.leadId;
    },
    async listNoteBodies(leadId) {
      const { body } = await expectStatus('GET', `/leads/${leadId}/notes`, [200]);
      return NoteListResponseSchema.parse(body).items.map((note) => note.body);
    },
    async listHistoryActions(leadId) {
      const { body } = await expectStatus('GET', `/leads/${leadId}/history?limit=100`, [200]);
      return HistoryResponseSchema.parse(body).items.map(({ action, after }) => ({ action, after }));
    },
    async createUser(name, email, role) {
      const { body } = await expectStatus('POST', '/users', [201], { name, email, role });
      const created = CreateUserResponseSchema.parse(body);
      return { id: created.user.id, token: created.token.secret };
    },
  };
}
