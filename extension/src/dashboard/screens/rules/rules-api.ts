import {
  ActiveRulesetResponseSchema,
  BacktestResponseSchema,
  CompareResponseSchema,
  HistoryResponseSchema,
  MeResponseSchema,
  RulesetDiffResponseSchema,
  RulesetListResponseSchema,
  RulesetVersionResponseSchema,
  ValidateRulesetResponseSchema,
} from '@leadlight/contract';
import { z } from 'zod';
import { callApi, createIdempotencyKey } from '../../api';

/* The rulesets routes the Rules screen uses, each answer parsed with its contract schema. */

const versionPath = (rulesetId: string, version: number) =>
  `/rulesets/${encodeURIComponent(rulesetId)}/versions/${version}`;

/** A write repeated after a lost answer reuses its key; a new user action gets a new one. */
function keyed(body?: unknown) {
  return { body, idempotencyKey: createIdempotencyKey() };
}

export const rulesApi = {
  getMe: () => callApi('GET', '/me', MeResponseSchema),
  listVersions: () => callApi('GET', '/rulesets', RulesetListResponseSchema),
  listVersionsOf: (rulesetId: string) =>
    callApi('GET', `/rulesets/${encodeURIComponent(rulesetId)}/versions`, RulesetListResponseSchema),
  getActive: () => callApi('GET', '/rulesets/active', ActiveRulesetResponseSchema),
  getVersion: (rulesetId: string, version: number) =>
    callApi('GET', versionPath(rulesetId, version), RulesetVersionResponseSchema),
  createDraft: (definition: unknown) =>
    callApi('POST', '/rulesets', RulesetVersionResponseSchema, keyed({ definition })),
  saveDraft: (rulesetId: string, version: number, definition: unknown) =>
    callApi('PUT', versionPath(rulesetId, version), RulesetVersionResponseSchema, keyed({ definition })),
  validate: (definition: unknown) =>
    callApi('POST', '/rulesets/validate', ValidateRulesetResponseSchema, { body: { definition } }),
  backtest: (rulesetId: string, version: number, threshold?: number) =>
    callApi('GET', `${versionPath(rulesetId, version)}/backtest`, BacktestResponseSchema, {
      query: { threshold },
    }),
  compare: (rulesetId: string, version: number, limit: number) =>
    callApi('GET', `${versionPath(rulesetId, version)}/compare`, CompareResponseSchema, { query: { limit } }),
  /** One page of a version's history, newest first; `cursor` continues the page before. */
  listHistoryPage: (
    rulesetId: string,
    version: number,
    query: { limit: number; cursor?: string | undefined },
  ) => callApi('GET', `${versionPath(rulesetId, version)}/history`, HistoryResponseSchema, { query }),
  approve: (rulesetId: string, version: number) =>
    callApi('POST', `${versionPath(rulesetId, version)}/approve`, RulesetVersionResponseSchema, keyed()),
  activate: (rulesetId: string, version: number) =>
    callApi(
      'POST',
      `${versionPath(rulesetId, version)}/activate`,
      RulesetVersionResponseSchema.extend({
        previous: z.string().nullable(),
        rescoredLeads: z.int(),
        alerts: z.int(),
      }),
      keyed(),
    ),
  retire: (rulesetId: string, version: number) =>
    callApi('POST', `${versionPath(rulesetId, version)}/retire`, RulesetVersionResponseSchema, keyed()),
  diff: (rulesetId: string, from: number, to: number) =>
    callApi('GET', `/rulesets/${encodeURIComponent(rulesetId)}/diff`, RulesetDiffResponseSchema, {
      query: { from, to },
    }),
};
