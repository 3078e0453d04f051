import { describe, expect, test } from 'vitest';
import { measureMainThreadTasks, type TraceEvent } from './extension-trace';

const pageUrl = 'https://www.linkedin.com/in/someone/';
const main = { pid: 7, tid: 7 };

function task(ts: number, durMs: number, tdurMs: number): TraceEvent {
  return { name: 'RunTask', ph: 'X', ...main, ts, dur: durMs * 1000, tdur: tdurMs * 1000 };
}

describe('measureMainThreadTasks', () => {
  test('the longest task with extension code inside, and the longest task of all, on the page main thread', () => {
    const events: TraceEvent[] = [
      { name: 'ParseHTML', ph: 'X', ...main, ts: 0, dur: 10, args: { beginData: { url: pageUrl } } },
      task(1_000, 120, 100), // the page's own script
      task(200_000, 40, 30),
      {
        name: 'EvaluateScript',
        ph: 'X',
        ...main,
        ts: 200_010,
        dur: 39_000,
        args: { data: { url: 'chrome-extension://abc/content-scripts/linkedin.js' } },
      },
      task(300_000, 20, 10),
      // Another renderer (the extension's own pages): ignored.
      { name: 'RunTask', ph: 'X', pid: 9, tid: 9, ts: 400_000, dur: 900_000, tdur: 900_000 },
    ];
    expect(measureMainThreadTasks(events, pageUrl)).toEqual({
      extensionWallMs: 40,
      extensionCpuMs: 30,
      anyWallMs: 120,
      anyCpuMs: 100,
    });
  });

  test('no extension code: zero for the extension, and a page that was never parsed is an error', () => {
    const parse: TraceEvent = {
      name: 'ParseHTML',
      ph: 'X',
      ...main,
      ts: 0,
      dur: 1,
      args: { beginData: { url: pageUrl } },
    };
    expect(measureMainThreadTasks([parse, task(5, 3, 2)], pageUrl).extensionWallMs).toBe(0);
    expect(() => measureMainThreadTasks([task(5, 3, 2)], pageUrl)).toThrow(/no ParseHTML/);
  });
});
