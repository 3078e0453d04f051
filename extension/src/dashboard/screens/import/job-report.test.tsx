import type { ApiCallRequest, ExtensionRequest, ImportJob } from '@leadlight/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { JobReport, stopImportQuestion } from './job-report';

/* The background's `api.call` answered here as the cancel route answers (status, body). */

type Answer = { status: number; body: unknown };

const runningJob: ImportJob = {
  id: 'job-1',
  status: 'running',
  isDryRun: false,
  fileName: 'wrong-file.csv',
  mappingName: 'generic',
  duplicates: 'report',
  encoding: 'utf-8',
  createdBy: 'u-marketer',
  createdAt: '2026-11-30T10:00:00.000Z',
  startedAt: '2026-11-30T10:00:00.000Z',
  finishedAt: null,
  cancelledBy: null,
  cancelledAt: null,
  progress: {
    totalRows: 1000,
    rowsDone: 250,
    accepted: 240,
    review: 5,
    rejected: 5,
    duplicates: 0,
    merged: 0,
    withOutcome: 0,
  },
  columns: null,
  error: null,
  preview: [],
};

const cancelledJob: ImportJob = {
  ...runningJob,
  status: 'cancelled',
  finishedAt: '2026-11-30T10:00:02.000Z',
  cancelledBy: 'u-marketer',
  cancelledAt: '2026-11-30T10:00:02.000Z',
  progress: { ...runningJob.progress, rowsDone: 500, accepted: 490 },
};

let calls: ApiCallRequest[];
let answer: Answer;

/** The page's confirm dialog, answered as the user would (the test DOM has none of its own). */
function stubConfirm(isConfirmed: boolean) {
  const confirm = vi.fn((_message?: string) => isConfirmed);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

beforeEach(() => {
  fakeBrowser.reset();
  calls = [];
  answer = { status: 200, body: { job: cancelledJob } };
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const request = message as ExtensionRequest;
    if (request.type !== 'api.call') {
      return Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in this test' } });
    }
    calls.push(request);
    return Promise.resolve({ ok: true, data: answer });
  });
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('JobReport: stop import', () => {
  it('asks first, sends nothing when the user declines, and stops the import when they confirm', async () => {
    const confirm = stubConfirm(false);
    render(<JobReport job={runningJob} isStale={false} />);
    fireEvent.click(screen.getByTestId('imp-stop-button'));
    expect(confirm).toHaveBeenCalledWith(stopImportQuestion);
    expect(calls).toEqual([]);

    confirm.mockImplementation(() => true);
    fireEvent.click(screen.getByTestId('imp-stop-button'));
    const note = await screen.findByTestId('imp-cancelled');
    expect(calls.map((call) => [call.method, call.path])).toEqual([['POST', '/api/v1/imports/job-1/cancel']]);
    expect(note.textContent).toContain('after 500 of 1,000 rows');
    expect(screen.getByTestId('imp-import').getAttribute('data-status')).toBe('cancelled');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toContain('Import stopped');
    expect(screen.getByTestId('imp-count-accepted').textContent).toBe('490');
    expect(screen.queryByTestId('imp-stop-button')).toBeNull();
    expect(screen.queryByTestId('imp-progress')).toBeNull();
  });

  it('shows why a stop was refused (the import had already finished) and keeps the report', async () => {
    stubConfirm(true);
    answer = {
      status: 409,
      body: {
        error: {
          code: 'import_not_running',
          message: 'The import is completed: only a running import can be stopped',
          details: { status: 'completed' },
        },
      },
    };
    render(<JobReport job={runningJob} isStale={false} />);
    fireEvent.click(screen.getByTestId('imp-stop-button'));
    const problem = await screen.findByTestId('imp-stop-error');
    expect(problem.textContent).toContain('only a running import can be stopped');
    expect(problem.textContent).toContain('import_not_running');
    await waitFor(() =>
      expect((screen.getByTestId('imp-stop-button') as HTMLButtonElement).disabled).toBe(false),
    );
  });

  it('says a stop was requested when the CLI runs the import and has not stopped yet (202)', async () => {
    stubConfirm(true);
    answer = { status: 202, body: { job: { ...runningJob, cancelRequestedAt: '2026-11-30T10:00:01.000Z' } } };
    render(<JobReport job={runningJob} isStale={false} />);
    fireEvent.click(screen.getByTestId('imp-stop-button'));
    const note = await screen.findByTestId('imp-stop-requested');
    expect(note.textContent).toContain('runs in another process');
    expect(screen.queryByTestId('imp-stop-button')).toBeNull();
    expect(screen.getByTestId('imp-import').getAttribute('data-status')).toBe('running');
  });

  it('offers no stop button for a finished or stopped job', () => {
    render(<JobReport job={cancelledJob} isStale={false} />);
    expect(screen.queryByTestId('imp-stop-button')).toBeNull();
    expect(screen.getByTestId('imp-cancelled').textContent).toContain('rest of the file was not imported');
  });
});
