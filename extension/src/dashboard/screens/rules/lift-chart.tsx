import type { BacktestResult } from '@leadlight/contract';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/**
 * Lift by decile as bars (1 = the highest-scored tenth). The canvas is described by the table beside it, which holds
 * the same numbers for screen readers and for anyone who wants the exact figures.
 */
export function LiftChart({ deciles }: { deciles: BacktestResult['deciles'] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    // Text follows the page's colour scheme (light or dark) instead of Chart.js's fixed grey.
    const textColor = getComputedStyle(element).color || '#57606a';
    let chart: Chart<'bar'> | null = null;
    try {
      chart = new Chart(element, {
        type: 'bar',
        data: {
          labels: deciles.map((decile) => `D${decile.decile}`),
          datasets: [
            {
              label: 'Lift',
              data: deciles.map((decile) => decile.lift ?? 0),
              backgroundColor: '#3b82f6',
            },
          ],
        },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          color: textColor,
          scales: {
            x: {
              ticks: { color: textColor },
              title: { display: true, text: 'Decile (1 = top scores)', color: textColor },
            },
            y: {
              beginAtZero: true,
              ticks: { color: textColor },
              title: { display: true, text: 'Lift', color: textColor },
            },
          },
        },
      });
    } catch {
      // No 2D context (a test DOM, a blocked canvas): the table below carries the same figures.
      chart = null;
    }
    return () => chart?.destroy();
  }, [deciles]);
  return (
    <div class="ll-rules-chart">
      <canvas
        ref={canvas}
        role="img"
        aria-label="Lift by decile, bar chart; the same figures are in the table below"
        data-testid="lift-chart"
      />
    </div>
  );
}
