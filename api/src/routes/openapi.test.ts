import { describe, expect, it } from 'vitest';
import { routeTable } from '../route-table';
import { createTestContext, readJson } from '../testing/test-context';

type Document = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        summary: string;
        security: unknown[];
        parameters: { name: string; in: string }[];
        requestBody?: unknown;
        responses: Record<string, unknown>;
      }
    >
  >;
  components: { schemas: Record<string, unknown> };
};

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every route of the route table, without a token', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/openapi.json', { as: null });
    expect(response.status).toBe(200);
    const document = await readJson<Document>(response);
    expect(document.openapi).toBe('3.1.0');
    for (const route of routeTable) {
      const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.summary).toBe(route.summary);
      // Every path parameter is declared.
      for (const [, name] of route.path.matchAll(/:([A-Za-z]+)/g)) {
        expect(
          operation?.parameters.some((parameter) => parameter.in === 'path' && parameter.name === name),
        ).toBe(true);
      }
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(routeTable.length);
  });

  it('takes its schemas from the contract, with every $ref resolvable', async () => {
    const ctx = createTestContext();
    const document = await readJson<Document>(await ctx.request('GET', '/api/v1/openapi.json', { as: null }));
    const createLead = document.paths['/api/v1/leads']?.post;
    expect(createLead?.requestBody).toEqual({
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateLeadRequestInput' } } },
    });
    expect(createLead?.security).toEqual([{ bearerToken: [] }]);
    expect(document.paths['/api/v1/health']?.get?.security).toEqual([]);
    expect(document.paths['/api/v1/ingest/events']?.post?.security).toEqual([{ ingestKey: [] }]);
    const waterfall = document.paths['/api/v1/stats/waterfall']?.get;
    expect(waterfall?.parameters.map((parameter) => parameter.name).sort()).toEqual([
      'by',
      'from',
      'period',
      'to',
    ]);
    const draft = document.components.schemas.RulesetVersionResponse as {
      properties: Record<string, unknown>;
    };
    expect(Object.keys(draft.properties)).toEqual(['ruleset']);

    const text = JSON.stringify(document);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\/[\w.-]+$/);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });
});

describe('GET /api/v1/docs', () => {
  it('is a static HTML page listing every operation, with no script', async () => {
    const ctx = createTestContext();
    const response = await ctx.request('GET', '/api/v1/docs', { as: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await response.text();
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('/api/v1/openapi.json');
    for (const route of routeTable) expect(page).toContain(`<code>${route.path}</code>`);
    expect(page).toContain('Every ruleset version');
  });
});
