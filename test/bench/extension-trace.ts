import type { CDPSession } from 'playwright-core';

/** One Chrome trace event (the fields this analysis reads). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  /** Wall-clock duration, µs. */
  dur?: number;
  /** Thread (CPU) duration, µs: less sensitive to other processes on a busy machine. */
  tdur?: number;
  args?: Record<string, unknown>;
}

export interface TaskFigures {
  /** Longest main-thread task that ran extension code (content-script evaluation, its callbacks), ms. */
  extensionWallMs: number;
  extensionCpuMs: number;
  /** Longest main-thread task of any kind on the page, ms. */
  anyWallMs: number;
  anyCpuMs: number;
}

const extensionUrlPrefix = 'chrome-extension://';

function readUrl(event: TraceEvent): string | undefined {
  const data = event.args?.data as { url?: unknown } | undefined;
  if (typeof data?.url === 'string') return data.url;
  const fileName = event.args?.fileName;
  return typeof fileName === 'string' ? fileName : undefined;
}

/**
 * The page's renderer main thread is the one that parsed the page's HTML; its top-level tasks are the RunTask
 * events. A task runs extension code when an event nested in it (script evaluation, compile, function call) names a
 * chrome-extension:// script: content scripts run on the host page's main thread, in their own world.
 */
export function measureMainThreadTasks(events: readonly TraceEvent[], pageUrl: string): TaskFigures {
  const parse = events.find((event) => {
    const beginData = event.args?.beginData as { url?: unknown } | undefined;
    return event.name === 'ParseHTML' && beginData?.url === pageUrl;
  });
  if (!parse) throw new Error(`The trace has no ParseHTML of ${pageUrl}`);
  const onMain = events.filter(
    (event) =>
      event.pid === parse.pid && event.tid === parse.tid && event.ph === 'X' && event.dur !== undefined,
  );
  const tasks = onMain.filter((event) => event.name === 'RunTask');
  const extensionMarks = onMain.filter((event) => readUrl(event)?.startsWith(extensionUrlPrefix));
  const figures: TaskFigures = { extensionWallMs: 0, extensionCpuMs: 0, anyWallMs: 0, anyCpuMs: 0 };
  for (const task of tasks) {
    const wallMs = (task.dur ?? 0) / 1000;
    const cpuMs = (task.tdur ?? task.dur ?? 0) / 1000;
    figures.anyWallMs = Math.max(figures.anyWallMs, wallMs);
    figures.anyCpuMs = Math.max(figures.anyCpuMs, cpuMs);
    const end = task.ts + (task.dur ?? 0);
    if (extensionMarks.some((mark) => mark.ts >= task.ts && mark.ts <= end)) {
      figures.extensionWallMs = Math.max(figures.extensionWallMs, wallMs);
      figures.extensionCpuMs = Math.max(figures.extensionCpuMs, cpuMs);
    }
  }
  return figures;
}

/** Records a Chrome trace (timeline categories) of the page while `run` executes. */
export async function traceWhile(session: CDPSession, run: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', ({ value }) => {
    events.push(...(value as unknown as TraceEvent[]));
  });
  const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
  await session.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: {
      includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'],
    },
  });
  try {
    await run();
  } finally {
    await session.send('Tracing.end');
    await complete;
  }
  return events;
}
