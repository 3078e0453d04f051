import { IdParamSchema, ImportRowsQuerySchema, ImportUploadQuerySchema } from '@leadlight/contract';
import { parseColumnMapping } from '@leadlight/import';
import { stringify } from 'csv-stringify/sync';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../app-env';
import { listImportRowIssues } from '../db/imports';
import { ApiError, badRequest, notFound } from '../lib/errors';
import { requireRole } from '../middleware/auth';
import { validate } from '../middleware/validate';
import { access } from '../route-table';
import { escapeCsvCell } from '../services/export-leads';
import {
  cancelImportJob,
  createBufferSource,
  createImportJob,
  listRecentImportJobs,
  readImportJob,
  startImportJob,
  toImportRowIssue,
} from '../services/import-leads';

/** Uploads may be far larger than the API's JSON body limit (X Education's 9,240 rows are 2.4 MB). */
export const maxImportBytes = 64 * 1024 * 1024;
/** The upload path: app.ts exempts it from the global body limit, the route below applies `maxImportBytes`. */
export const importUploadPath = '/api/v1/imports';

const csvTypes = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
  'application/vnd.ms-excel',
];

/** A body that does not parse as multipart is the client's mistake (400), not a server error. */
async function parseMultipart(
  c: Context<AppEnv>,
): Promise<Awaited<ReturnType<Context<AppEnv>['req']['parseBody']>>> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    // The body limit answers 413 by itself; anything else means the body is not the multipart it claims to be.
    if (error instanceof HTTPException || error instanceof ApiError) throw error;
    throw badRequest('invalid_multipart', 'The body is not valid multipart/form-data (check the boundary)');
  }
}

async function readUpload(
  c: Context<AppEnv>,
): Promise<{ bytes: Uint8Array; name: string | null; mappingJson: string | null }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'multipart/form-data') {
    const form = await parseMultipart(c);
    const file = form.file;
    if (!(file instanceof File)) {
      throw badRequest('file_missing', 'Send the CSV in a multipart field named "file"');
    }
    const mapping = form.mapping;
    if (mapping !== undefined && typeof mapping !== 'string') {
      throw badRequest('invalid_mapping', 'The "mapping" field must hold the mapping as JSON text');
    }
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      name: file.name || null,
      mappingJson: mapping ?? null,
    };
  }
  if (csvTypes.includes(type)) {
    return { bytes: new Uint8Array(await c.req.arrayBuffer()), name: null, mappingJson: null };
  }
  throw new ApiError(
    415,
    'unsupported_media_type',
    'Send the CSV as text/csv, or as multipart/form-data (file, mapping)',
    {
      contentType: type,
    },
  );
}

function parseMapping(json: string | null) {
  if (json === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw badRequest('invalid_mapping', `The mapping is not JSON: ${(error as Error).message}`);
  }
  const result = parseColumnMapping(value);
  if (!result.ok) throw badRequest('invalid_mapping', 'The mapping is not valid', { issues: result.errors });
  return result.mapping;
}

/**
 * CSV imports as jobs: upload (202 + the job to poll, or `wait=true` for the finished job), progress, per-row issues
 * as JSON or CSV, stopping a running job. Marketers and admins only.
 */
export const importRoutes = new Hono<AppEnv>()
  .post(
    '/',
    requireRole({ roles: access.marketing }),
    bodyLimit({
      maxSize: maxImportBytes,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'payload_too_large',
              message: `An import file may be at most ${maxImportBytes} bytes`,
            },
          },
          413,
        ),
    }),
    validate('query', ImportUploadQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const upload = await readUpload(c);
      if (upload.bytes.length === 0)
        throw badRequest('empty_file', 'The file is empty: a header row is needed');
      const mapping = parseMapping(upload.mappingJson);
      const { db, clock, user } = c.var;
      const source = createBufferSource(upload.bytes, query.fileName ?? upload.name);
      const options = {
        preset: query.preset,
        mapping,
        isDryRun: query.dryRun,
        duplicates: query.duplicates,
        encoding: query.encoding,
        actor: { id: user.id, role: user.role },
        clock,
      };
      const job = createImportJob(db, source, options);
      const done = startImportJob(db, job.id, source, options);
      c.header('Location', `/api/v1/imports/${job.id}`);
      if (query.wait) return c.json({ job: await done }, 200);
      return c.json({ job: readImportJob(db, job.id) ?? job }, 202);
    },
  )
  .get('/', requireRole({ roles: access.marketing }), (c) => {
    return c.json({ items: listRecentImportJobs(c.get('db'), 50, c.get('clock').now()) });
  })
  .get('/:id', requireRole({ roles: access.marketing }), validate('param', IdParamSchema), (c) => {
    const job = readImportJob(c.get('db'), c.req.valid('param').id, c.get('clock').now());
    if (!job) throw notFound('Import');
    return c.json({ job });
  })
  .post(
    '/:id/cancel',
    requireRole({ roles: access.marketing }),
    validate('param', IdParamSchema),
    async (c) => {
      const { db, clock, user } = c.var;
      const { job, isStopped } = await cancelImportJob(
        db,
        c.req.valid('param').id,
        { id: user.id, role: user.role },
        clock,
      );
      return c.json({ job }, isStopped ? 200 : 202);
    },
  )
  .get(
    '/:id/rows',
    requireRole({ roles: access.marketing }),
    validate('param', IdParamSchema),
    validate('query', ImportRowsQuerySchema),
    (c) => {
      const { id } = c.req.valid('param');
      const { kind, format, cursor, limit } = c.req.valid('query');
      const { db } = c.var;
      if (!readImportJob(db, id)) throw notFound('Import');
      if (format === 'csv') {
        // The whole list: one row per message, so a spreadsheet shows every problem of a row.
        const rows = listImportRowIssues(db, id, { kind, limit: Number.MAX_SAFE_INTEGER }).map(
          toImportRowIssue,
        );
        const records = rows.flatMap((row) =>
          row.messages.map((message) =>
            [
              String(row.rowNumber),
              row.kind,
              message.column,
              message.message,
              row.externalId ?? '',
              row.leadId ?? '',
            ].map(escapeCsvCell),
          ),
        );
        const body = stringify(records, {
          header: true,
          columns: ['row', 'kind', 'column', 'message', 'external_id', 'lead_id'],
        });
        return c.body(body, 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="import-${id}-rows.csv"`,
        });
      }
      const afterRow = cursor === undefined ? undefined : Number(cursor);
      if (afterRow !== undefined && (!Number.isSafeInteger(afterRow) || afterRow < 0)) {
        throw badRequest('invalid_cursor', 'The cursor is not one this API returned');
      }
      const rows = listImportRowIssues(db, id, { kind, afterRow, limit: limit + 1 }).map(toImportRowIssue);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return c.json({ items: page, nextCursor: rows.length > limit && last ? String(last.rowNumber) : null });
    },
  );
