import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Alert,
  AlertFeedQuerySchema,
  type AlertFeedResponse,
  CaptureLeadRequestSchema,
  type LookupResponse,
  type MeResponse,
  type Stage,
} from '@leadlight/contract';

/*
 * A real HTTP server on 127.0.0.1 that answers the few API routes the background uses, with the semantics issue 3
 * asks of the API (bearer tokens, Idempotency-Key replay, gate 422, duplicate 409), typed with the contract's
 * request and response schemas. Tests use it to exercise the
 * extension's network boundary for real: sockets, refused connections, answers lost mid-flight.
 * It is a test double of the API, never shipped: the end-to-end tests run against the real API.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface ApiDoubleLead {
  id: string;
  fullName: string;
  email?: string;
  stage: string;
  notes: string[];
  followUps: unknown[];
}

export interface ApiDouble {
  readonly url: string;
  /** Adds an alert to the feed and answers any long-poll waiting for it. */
  pushAlert(alert: { leadId: string; leadName: string | null; label: string }): void;
  readonly token: string;
  readonly requests: RecordedRequest[];
  readonly leads: Map<string, ApiDoubleLead>;
  /** Applies the next write, then drops the connection before answering (a lost answer). */
  dropNextAnswer(): void;
  /** Answers the next write with this status and error body, without applying it. */
  failNextWrite(status: number, body: unknown): void;
  /** Stops listening: connections are refused until start() again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startApiDouble(options: { token?: string; port?: number } = {}): Promise<ApiDouble> {
  const token = options.token ?? 'test-token';
  const requests: RecordedRequest[] = [];
  const leads = new Map<string, ApiDoubleLead>();
  const idempotent = new Map<string, { bodyText: string; status: number; answer: unknown }>();
  let shouldDropNext = false;
  let nextFailure: { status: number; body: unknown } | null = null;
  let nextLeadNumber = 1;
  const alerts: Alert[] = [];
  const alertWaiters = new Set<() => void>();

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  function error(res: ServerResponse, status: number, code: string, message: string, details?: unknown) {
    send(res, status, { error: { code, message, details } });
  }

  function handleWrite(
    req: IncomingMessage,
    res: ServerResponse,
    bodyText: string,
    apply: () => [number, unknown],
  ) {
    if (nextFailure) {
      const failure = nextFailure;
      nextFailure = null;
      send(res, failure.status, failure.body);
      return;
    }
    const key = req.headers['idempotency-key'];
    const stored = typeof key === 'string' ? idempotent.get(key) : undefined;
    let status: number;
    let answer: unknown;
    if (stored) {
      if (stored.bodyText !== bodyText) {
        error(res, 422, 'idempotency_mismatch', 'This Idempotency-Key was used with another body');
        return;
      }
      ({ status, answer } = stored);
    } else {
      [status, answer] = apply();
      if (typeof key === 'string') idempotent.set(key, { bodyText, status, answer });
    }
    if (shouldDropNext) {
      shouldDropNext = false;
      res.socket?.destroy();
      return;
    }
    send(res, status, answer);
  }

  function route(req: IncomingMessage, res: ServerResponse, bodyText: string) {
    const url = new URL(req.url ?? '/', 'http://double');
    let body: unknown = null;
    if (bodyText) body = JSON.parse(bodyText);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    });
    if (req.headers.authorization !== `Bearer ${token}`)
      return error(res, 401, 'unauthorized', 'Invalid token');

    if (req.method === 'GET' && url.pathname === '/api/v1/me') {
      const me: MeResponse = {
        user: {
          id: 'u1',
          name: 'Rita Rep',
          email: 'rita@example.com',
          role: 'rep',
          team: 'sales',
          createdAt: '2026-01-01T00:00:00.000Z',
          disabledAt: null,
        },
      };
      return send(res, 200, me);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/lookup') {
      const email = url.searchParams.get('email');
      const lead = [...leads.values()].find((candidate) => email && candidate.email === email);
      if (!lead) return error(res, 404, 'not_found', 'No lead has these identities', { canCapture: true });
      const answer: LookupResponse = {
        matchedBy: 'email',
        otherLeadIds: [],
        card: {
          leadId: lead.id,
          name: lead.fullName,
          companyName: 'Acme',
          stage: lead.stage as Stage,
          score: 72,
          grade: 'B',
          contributions: [{ label: 'Title is director', points: 20 }],
          flags: [],
          nextAction: 'call',
          attempts: { made: lead.followUps.length, required: 5 },
          sla: { state: 'breached', dueAt: '2026-01-01T10:00:00.000Z' },
          checklist: [{ id: 'budget', label: 'Budget', state: 'unknown' }],
          history: lead.notes.map((note) => ({ at: '2026-01-01T09:00:00.000Z', summary: `Note: ${note}` })),
        },
      };
      return send(res, 200, answer);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/alerts') {
      const query = AlertFeedQuerySchema.parse(Object.fromEntries(url.searchParams));
      const after = query.after ?? 0;
      const answer = () => {
        const items = alerts.filter((alert) => alert.seq > after).slice(0, query.limit);
        const body: AlertFeedResponse = { items, nextCursor: items.at(-1)?.seq ?? after };
        send(res, 200, body);
      };
      if (query.wait === 0 || alerts.some((alert) => alert.seq > after)) return answer();
      const timer = setTimeout(() => {
        alertWaiters.delete(wake);
        answer();
      }, query.wait * 1000);
      const wake = () => {
        clearTimeout(timer);
        answer();
      };
      alertWaiters.add(wake);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/leads/capture') {
      const parsed = CaptureLeadRequestSchema.safeParse(body);
      if (!parsed.success) return error(res, 400, 'invalid_request', parsed.error.message);
      const draft = parsed.data;
      return handleWrite(req, res, bodyText, () => {
        const existing = [...leads.values()].find((lead) => draft.email && lead.email === draft.email);
        if (existing) {
          const details = { leadId: existing.id, matchedBy: 'email', value: draft.email };
          return [
            409,
            { error: { code: 'duplicate', message: 'A lead with this email already exists', details } },
          ];
        }
        const lead: ApiDoubleLead = {
          id: `lead-${nextLeadNumber++}`,
          fullName: draft.fullName ?? '',
          email: draft.email,
          stage: 'inquiry',
          notes: [],
          followUps: [],
        };
        leads.set(lead.id, lead);
        if (!draft.email && !draft.phone) {
          const details = {
            leadId: lead.id,
            gate: 'review',
            reasons: [{ kind: 'incomplete', reason: 'No way to reach this person' }],
          };
          return [
            422,
            { error: { code: 'gate_refused', message: 'The lead did not pass the gate', details } },
          ];
        }
        return [201, { lead: { id: lead.id } }];
      });
    }
    const leadRoute = /^\/api\/v1\/leads\/([^/]+)\/(notes|follow-ups|stage|qualification\/[^/]+)$/.exec(
      url.pathname,
    );
    if (leadRoute?.[1] && leadRoute[2]) {
      const lead = leads.get(decodeURIComponent(leadRoute[1]));
      if (!lead) return error(res, 404, 'not_found', 'Lead not found');
      const action = leadRoute[2];
      return handleWrite(req, res, bodyText, () => {
        if (action === 'notes') lead.notes.push((body as { body: string }).body);
        else if (action === 'follow-ups') lead.followUps.push(body);
        else if (action === 'stage') lead.stage = (body as { to: string }).to;
        return [201, { ok: true }];
      });
    }
    return error(res, 404, 'not_found', 'No such route');
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => route(req, res, Buffer.concat(chunks).toString('utf8')));
  };

  let server: Server = createServer(handler);
  let port = options.port ?? 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer(handler);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();

  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    token,
    requests,
    leads,
    pushAlert(alert) {
      alerts.push({
        seq: alerts.length + 1,
        kind: 'moment',
        ruleId: null,
        audience: 'owner',
        createdAt: new Date().toISOString(),
        readAt: null,
        ...alert,
      });
      const waiting = [...alertWaiters];
      alertWaiters.clear();
      for (const wake of waiting) wake();
    },
    dropNextAnswer: () => {
      shouldDropNext = true;
    },
    failNextWrite: (status, body) => {
      nextFailure = { status, body };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    start: listen,
  };
}
