import type { Condition, Lead, Ruleset } from '@leadlight/contract';
import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';

/*
 * The bench ruleset translated to json-rules-engine: one JRE rule per Leadlight rule, facts = the lead's
 * fields by path, points in the event. JRE compares strictly, so text operators are added that normalise
 * case and spaces like Leadlight does; `total` rules compute their scaled points in the success handler.
 */

const text = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : undefined);
const anyOf = (value: unknown, test: (element: unknown) => boolean) =>
  Array.isArray(value) ? value.some(test) : test(value);

function readPath(lead: Lead, path: string): unknown {
  const [group, key] = path.split('.') as [string, string | undefined];
  const outer = (lead as unknown as Record<string, unknown>)[group];
  if (key === undefined) return outer;
  return outer !== null && typeof outer === 'object' ? (outer as Record<string, unknown>)[key] : undefined;
}

function translateCondition(condition: Condition): NestedCondition {
  switch (condition.op) {
    case 'all':
      return { all: condition.of.map(translateCondition) };
    case 'any':
      return { any: condition.of.map(translateCondition) };
    case 'not':
      return { not: translateCondition(condition.condition) };
    case 'equals':
      return typeof condition.value === 'string'
        ? { fact: condition.path, operator: 'textEquals', value: text(condition.value) }
        : { fact: condition.path, operator: 'equal', value: condition.value };
    case 'in':
      return {
        fact: condition.path,
        operator: 'textIn',
        value: condition.values.map((value) => text(value) ?? value),
      };
    case 'contains':
      return { fact: condition.path, operator: 'textContains', value: text(condition.value) };
    case 'between':
      return {
        all: [
          { fact: condition.path, operator: 'greaterThanInclusive', value: condition.min },
          { fact: condition.path, operator: 'lessThanInclusive', value: condition.max },
        ],
      };
    default:
      throw new Error(`the bench translation does not need "${condition.op}"`);
  }
}

export interface JsonRulesEngineScorer {
  score(lead: Lead): Promise<{ fit: number; engagement: number; total: number }>;
}

export function buildJsonRulesEngine(ruleset: Ruleset): JsonRulesEngineScorer {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('textEquals', (fact: unknown, value: unknown) =>
    anyOf(fact, (element) => text(element) === value),
  );
  engine.addOperator('textContains', (fact: unknown, value: string) =>
    anyOf(fact, (element) => text(element)?.includes(value) === true),
  );
  engine.addOperator('textIn', (fact: unknown, values: unknown[]) =>
    anyOf(fact, (element) => values.includes(text(element) ?? element)),
  );
  engine.addOperator('isNumber', (fact: unknown) => typeof fact === 'number');
  const facts = new Set<string>();
  const collectFacts = (condition: Condition) => {
    if (condition.op === 'all' || condition.op === 'any') condition.of.forEach(collectFacts);
    else if (condition.op === 'not') collectFacts(condition.condition);
    else facts.add(condition.path);
  };
  for (const rule of ruleset.rules) {
    if (rule.kind === 'fit' || (rule.kind === 'engagement' && rule.basis === 'condition')) {
      collectFacts(rule.when);
      engine.addRule({
        name: rule.id,
        conditions: { all: [translateCondition(rule.when)] } as TopLevelCondition,
        event: { type: rule.kind, params: { points: rule.points } },
      });
    } else if (rule.kind === 'engagement' && rule.basis === 'total') {
      const path = `totals.${rule.total}`;
      facts.add(path);
      engine.addRule({
        name: rule.id,
        conditions: { all: [{ fact: path, operator: 'isNumber', value: true }] },
        event: { type: 'engagement', params: { path, pointsPerUnit: rule.pointsPerUnit, cap: rule.cap } },
      });
    }
  }
  const paths = [...facts];
  return {
    async score(lead) {
      const values = Object.fromEntries(paths.map((path) => [path, readPath(lead, path)]));
      const { events } = await engine.run(values);
      let fit = 0;
      let engagement = 0;
      for (const event of events) {
        const params = event.params as {
          points?: number;
          path?: string;
          pointsPerUnit?: number;
          cap?: number;
        };
        let points = params.points ?? 0;
        if (params.path !== undefined) {
          const raw = Math.max(
            -params.cap!,
            Math.min(params.cap!, (values[params.path] as number) * params.pointsPerUnit!),
          );
          points = raw < 0 ? -Math.round(-raw) : Math.round(raw);
        }
        if (event.type === 'fit') fit += points;
        else engagement += points;
      }
      return { fit, engagement, total: fit + engagement };
    },
  };
}
