import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiCallRequest, ExtensionRequest, ImportJob, ImportRowIssue } from '@leadlight/contract';
import { ColumnMappingSchema, ImportUploadQuerySchema } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { parseHash } from '../routes';
import { ImportScreen } from './import-screen';

/*
 * The background's `api.call` answered here as the import routes answer (status, body), so the screen's handling of
 * the real shapes is what is tested; the end-to-end test (test/e2e/dashboard-import.test.ts) runs it on the real API.
 */

const salesforceCsv = readFileSync(
  join(import.meta.dirname, '../../../../test/fixtures/crm/salesforce-leads-demo-org.csv'),
  'utf8',
);

type Answer = { status: number; body: unknown };

function makeJob(
  overrides: Omit<Partial<ImportJob>, 'progress'> & { progress?: Partial<ImportJob['progress']> } = {},
): ImportJob {
  const { progress, ...rest } = overrides;
  return {
    id: 'job-1',
    status: 'completed',
    isDryRun: true,
    fileName: 'salesforce-leads-demo-org.csv',
    mappingName: 'salesforce',
    duplicates: 'report',
    encoding: 'utf-8',
    createdBy: 'u-marketer',
    createdAt: '2026-11-30T10:00:00.000Z',
    startedAt: '2026-11-30T10:00:00.000Z',
    finishedAt: '2026-11-30T10:00:01.000Z',
    progress: {
      totalRows: 22,
      rowsDone: 22,
      accepted: 18,
      review: 2,
      rejected: 1,
      duplicates: 1,
      merged: 0,
      withOutcome: 0,
      ...progress,
    },
    columns: { mapped: ['Email'], ignored: [], unmapped: [], absent: [] },
    error: null,
    preview: [],
    ...rest,
  };
}

const rejectedRow: ImportRowIssue = {
  rowNumber: 7,
  kind: 'rejected',
  leadId: null,
  externalId: null,
  messages: [{ column: 'Email', message: 'not an email address: "bob@"' }],
};

let calls: ApiCallRequest[];
let route: (request: ApiCallRequest) => Answer;

function answerDefault(request: ApiCallRequest): Answer {
  const url = new URL(request.path, 'http://api');
  if (request.method === 'GET' && url.pathname === '/api/v1/imports')
    return { status: 200, body: { items: [] } };
  if (request.method === 'POST' && url.pathname === '/api/v1/imports') {
    return { status: 200, body: { job: makeJob({ isDryRun: url.searchParams.get('dryRun') === 'true' }) } };
  }
  if (url.pathname.endsWith('/rows') && url.searchParams.get('format') === 'csv') {
    return {
      status: 200,
      body: { text: 'row,kind,column,message\n7,rejected,Email,"not an email address: ""bob@"""\n' },
    };
  }
  if (url.pathname.endsWith('/rows')) {
    const kind = url.searchParams.get('kind');
    return { status: 200, body: { items: kind === 'rejected' ? [rejectedRow] : [], nextCursor: null } };
  }
  return {
    status: 404,
    body: { error: { code: 'not_found', message: `${request.method} ${url.pathname}` } },
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  calls = [];
  route = answerDefault;
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (request.type !== 'api.call') {
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
    }
    calls.push(request);
    return Promise.resolve({ ok: true, data: route(request) });
  });
});

afterEach(cleanup);

function renderScreen() {
  const route = parseHash('#/import');
  if (!route) throw new Error('no route');
  const navigated: string[] = [];
  render(
    <ImportScreen
      route={route}
      user={{ role: 'marketer', name: 'Morgan Lee' }}
      navigate={(hash) => navigated.push(hash)}
    />,
  );
  return { navigated };
}

function chooseFile(file: File) {
  const input = screen.getByTestId('imp-file-input');
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

function uploads(): ApiCallRequest[] {
  return calls.filter((call) => call.method === 'POST');
}

function queryOf(call: ApiCallRequest) {
  return ImportUploadQuerySchema.parse(Object.fromEntries(new URL(call.path, 'http://api').searchParams));
}

describe('import screen', () => {
  it('detects the Salesforce preset, previews the rows and dry runs with counts and rejected rows', async () => {
    renderScreen();
    chooseFile(new File([salesforceCsv], 'salesforce-leads-demo-org.csv', { type: 'text/csv' }));

    expect((await screen.findByTestId('imp-detected')).textContent).toContain('Salesforce');
    expect((screen.getByTestId('imp-preset') as HTMLSelectElement).value).toBe('salesforce');
    expect(screen.getByTestId('imp-file-name').textContent).toContain('27 columns');
    const raw = screen.getByTestId('imp-raw-preview');
    expect(within(raw).getByText('Aethna Home Products')).toBeTruthy();
    // The mapped preview runs @leadlight/import on the first rows: first + last name, the email, the company.
    const mapped = screen.getByTestId('imp-mapped-preview');
    expect(within(mapped).getByText('kakin@athenahome.com')).toBeTruthy();
    expect(within(mapped).getByText('Kristen Akin')).toBeTruthy();
    expect((screen.getByLabelText('Imported as (Email)') as HTMLSelectElement).value).toBe(
      'identities.emails',
    );

    fireEvent.click(screen.getByTestId('imp-dry-run-button'));
    const report = await screen.findByTestId('imp-dry-run');
    expect(within(report).getByTestId('imp-count-total').textContent).toBe('22');
    expect(within(report).getByTestId('imp-count-accepted').textContent).toBe('18');
    expect(within(report).getByTestId('imp-count-rejected').textContent).toBe('1');
    expect(within(report).getByTestId('imp-count-duplicates').textContent).toBe('1');
    expect(within(report).getByTestId('imp-count-review').textContent).toBe('2');
    const upload = uploads()[0];
    expect(upload?.upload).toEqual({ fileName: 'salesforce-leads-demo-org.csv', csv: salesforceCsv });
    expect(queryOf(upload as ApiCallRequest)).toMatchObject({
      dryRun: true,
      preset: 'salesforce',
      duplicates: 'report',
    });

    const issue = await within(report).findByTestId('imp-issue-row');
    expect(issue.textContent).toContain('not an email address: "bob@"');
    const blobs: Blob[] = [];
    const createObjectUrl = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      blobs.push(blob);
      return createObjectUrl(blob);
    };
    fireEvent.click(within(report).getByTestId('imp-prepare-rejected'));
    const link = (await within(report).findByTestId('imp-download-rejected')) as HTMLAnchorElement;
    expect(link.getAttribute('download')).toBe('salesforce-leads-demo-org-rejected-rows.csv');
    expect(link.href).toMatch(/^blob:/);
    URL.createObjectURL = createObjectUrl;
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    expect(await blobs[0]?.text()).toContain('7,rejected,Email');
  });

  it('sends a hand-edited mapping whole, and marks the earlier dry run as stale', async () => {
    renderScreen();
    chooseFile(new File([salesforceCsv], 'leads.csv', { type: 'text/csv' }));
    await screen.findByTestId('imp-detected');
    fireEvent.click(screen.getByTestId('imp-dry-run-button'));
    await screen.findByTestId('imp-dry-run');

    fireEvent.change(screen.getByLabelText('Imported as (Rating)'), { target: { value: 'custom.rating' } });
    fireEvent.change(screen.getByLabelText('Imported as (Fax)'), { target: { value: 'ignore' } });
    expect(await screen.findByTestId('imp-stale')).toBeTruthy();
    expect((screen.getByTestId('imp-preset') as HTMLSelectElement).value).toBe('edited');

    fireEvent.click(screen.getByTestId('imp-dry-run-button'));
    await waitFor(() => expect(uploads()).toHaveLength(2));
    const second = uploads()[1] as ApiCallRequest;
    expect(queryOf(second).preset).toBe('auto'); // not sent: the mapping wins
    const mapping = ColumnMappingSchema.parse(JSON.parse(second.upload?.mapping ?? 'null'));
    expect(mapping.name).toBe('salesforce (edited)');
    expect(mapping.columns.filter((rule) => rule.column === 'Rating').map((rule) => rule.to)).toEqual([
      'custom.rating',
    ]);
    expect(mapping.ignore).toContain('Fax');
    await waitFor(() => expect(screen.queryByTestId('imp-stale')).toBeNull());

    // Back to the preset drops the edits.
    fireEvent.change(screen.getByTestId('imp-preset'), { target: { value: 'generic' } });
    expect((screen.getByTestId('imp-preset') as HTMLSelectElement).value).toBe('generic');
  });

  it('shows the API refusal (400 with issues, 413) and keeps the file and the mapping for a retry', async () => {
    route = (request) => {
      if (request.method === 'POST') {
        return {
          status: 400,
          body: {
            error: {
              code: 'invalid_mapping',
              message: 'The mapping is not valid',
              details: {
                issues: [{ path: ['columns', 3, 'to'], message: 'not a lead field an import can write' }],
              },
            },
          },
        };
      }
      return answerDefault(request);
    };
    renderScreen();
    chooseFile(new File([salesforceCsv], 'leads.csv', { type: 'text/csv' }));
    await screen.findByTestId('imp-detected');
    fireEvent.change(screen.getByLabelText('Imported as (Rating)'), { target: { value: 'ignore' } });
    fireEvent.click(screen.getByTestId('imp-import-button'));
    const problem = await screen.findByTestId('imp-run-error');
    expect(problem.textContent).toContain('The mapping is not valid');
    expect(problem.textContent).toContain('invalid_mapping, 400');
    expect(problem.textContent).toContain('columns.3.to: not a lead field an import can write');
    expect(screen.getByTestId('imp-file-name').textContent).toContain('leads.csv');
    expect((screen.getByLabelText('Imported as (Rating)') as HTMLSelectElement).value).toBe('ignore');

    route = (request) =>
      request.method === 'POST' && request.path.includes('dryRun=false')
        ? {
            status: 413,
            body: {
              error: { code: 'payload_too_large', message: 'An import file may be at most 67108864 bytes' },
            },
          }
        : answerDefault(request);
    fireEvent.click(screen.getByTestId('imp-import-button'));
    await waitFor(() =>
      expect(screen.getByTestId('imp-run-error').textContent).toContain('larger than the server accepts'),
    );

    route = answerDefault;
    fireEvent.click(screen.getByTestId('imp-dry-run-button'));
    expect(await screen.findByTestId('imp-dry-run')).toBeTruthy();
    expect(screen.queryByTestId('imp-run-error')).toBeNull();
    expect(uploads()[2]?.upload?.mapping).toBe(uploads()[0]?.upload?.mapping);
  });

  it('refuses a Latin-1 file as UTF-8 naming the line, and reads it when Latin-1 is chosen', async () => {
    renderScreen();
    const latin1 = Uint8Array.from([
      ...new TextEncoder().encode('First Name,Last Name,Email\nAna,Lima,ana@example.com\n'),
      ...[0x4a, 0x6f, 0x73, 0xe9], // "José" in Windows-1252
      ...new TextEncoder().encode(',Silva,jose@example.com\n'),
    ]);
    chooseFile(new File([latin1], 'old-excel.csv', { type: 'text/csv' }));
    const problem = await screen.findByTestId('imp-file-error');
    expect(problem.textContent).toContain('not valid UTF-8 (line 3)');
    expect(problem.textContent).toContain('Latin-1');

    fireEvent.change(screen.getByTestId('imp-encoding'), { target: { value: 'latin1' } });
    expect(within(await screen.findByTestId('imp-raw-preview')).getByText('José')).toBeTruthy();
    expect(screen.queryByTestId('imp-file-error')).toBeNull();
    expect((screen.getByTestId('imp-preset') as HTMLSelectElement).value).toBe('generic');
    fireEvent.click(screen.getByTestId('imp-dry-run-button'));
    await waitFor(() => expect(uploads()).toHaveLength(1));
    expect(uploads()[0]?.upload?.csv).toContain('José,Silva');
  });

  it('imports a dropped file, following the job until it finishes, and offers the review queue', async () => {
    let polls = 0;
    route = (request) => {
      if (request.method === 'POST') {
        return {
          status: 202,
          body: {
            job: makeJob({
              isDryRun: false,
              status: 'queued',
              progress: { totalRows: null, rowsDone: 0, accepted: 0, review: 0, rejected: 0, duplicates: 0 },
            }),
          },
        };
      }
      if (request.method === 'GET' && request.path === '/api/v1/imports/job-1') {
        polls += 1;
        const job =
          polls < 3
            ? makeJob({
                isDryRun: false,
                status: 'running',
                progress: { rowsDone: 10, accepted: 9, review: 1, rejected: 0, duplicates: 0 },
              })
            : makeJob({ isDryRun: false });
        return { status: 200, body: { job } };
      }
      return answerDefault(request);
    };
    const { navigated } = renderScreen();
    const file = new File([salesforceCsv], 'dropped.csv', { type: 'text/csv' });
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file] } });
    fireEvent(screen.getByTestId('imp-drop'), drop);
    expect(drop.defaultPrevented).toBe(true); // else the browser would open the file instead
    await screen.findByTestId('imp-detected');
    fireEvent.click(screen.getByTestId('imp-import-button'));

    const progress = await screen.findByTestId('imp-progress', {}, { timeout: 3000 });
    await waitFor(() => expect(progress.getAttribute('value')).toBe('10'), { timeout: 3000 });
    expect(progress.getAttribute('max')).toBe('22');
    await waitFor(() => expect(screen.getByTestId('imp-import').dataset.status).toBe('completed'), {
      timeout: 5000,
    });
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(screen.queryByTestId('imp-progress')).toBeNull();
    expect(screen.getByTestId('imp-count-accepted').textContent).toBe('18');
    fireEvent.click(screen.getByRole('button', { name: /Open the review queue/ }));
    expect(navigated).toEqual(['#/review']);
  });

  it('lists recent imports and opens one', async () => {
    route = (request) =>
      request.method === 'GET' && request.path === '/api/v1/imports'
        ? {
            status: 200,
            body: {
              items: [
                makeJob({ id: 'job-9', isDryRun: false, fileName: 'march.csv' }),
                makeJob({
                  id: 'job-8',
                  status: 'failed',
                  fileName: 'broken.csv',
                  error: {
                    code: 'unclosed_quote',
                    message: 'A quoted cell opened after line 4 is never closed',
                  },
                }),
              ],
            },
          }
        : answerDefault(request);
    renderScreen();
    const rows = await screen.findAllByTestId('imp-recent-row');
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('march.csvsalesforceImported2218'),
      expect.stringContaining('broken.csvsalesforceFailed'),
    ]);
    fireEvent.click(within(rows[1] as HTMLElement).getByRole('button', { name: 'Details' }));
    expect((await screen.findByTestId('imp-job-error')).textContent).toContain('never closed');
  });
});
