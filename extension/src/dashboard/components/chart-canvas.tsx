import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartData,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';

// Only what the bar charts use, so the bundle carries no other controller.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartCanvasProps {
  data: ChartData<'bar', number[], string>;
  /** What the chart shows, for screen readers; the figures themselves are in the table beside it. */
  label: string;
  /** Y axis as a percentage (0–1 values). */
  isPercent?: boolean;
  testId?: string;
}

const darkQuery = '(prefers-color-scheme: dark)';

/** Follows the system's light / dark setting while the page is open (the canvas has no CSS to follow it). */
function useIsDarkMode(): boolean {
  const [isDark, setIsDark] = useState(
    () => typeof matchMedia === 'function' && matchMedia(darkQuery).matches,
  );
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia(darkQuery);
    const update = () => setIsDark(query.matches);
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return isDark;
}

/**
 * A chart.js bar chart in a canvas. Where no 2D context exists (tests in happy-dom, a locked-down browser) the
 * canvas stays blank and says so; the table next to it carries the same figures.
 */
export function ChartCanvas({ data, label, isPercent = false, testId }: ChartCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [isDrawn, setIsDrawn] = useState<boolean | null>(null);
  const isDark = useIsDarkMode();

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let context: CanvasRenderingContext2D | null = null;
    try {
      context = canvas.getContext('2d');
    } catch {
      context = null;
    }
    if (!context) {
      setIsDrawn(false);
      return;
    }
    const textColor = isDark ? '#e6edf3' : '#1b1f24';
    const gridColor = isDark ? '#30363d' : '#eaeef2';
    let chart: Chart<'bar', number[], string> | null = null;
    try {
      chart = new Chart<'bar', number[], string>(context, {
        type: 'bar',
        data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          color: textColor,
          scales: {
            x: { ticks: { color: textColor }, grid: { color: gridColor } },
            y: {
              beginAtZero: true,
              ticks: {
                color: textColor,
                callback: (value) => (isPercent ? `${Math.round(Number(value) * 100)}%` : String(value)),
              },
              grid: { color: gridColor },
            },
          },
          plugins: { legend: { labels: { color: textColor } } },
        },
      });
      setIsDrawn(true);
    } catch {
      setIsDrawn(false);
    }
    return () => chart?.destroy();
  }, [data, isPercent, isDark]);

  return (
    <figure
      class="ll-c-chart"
      data-testid={testId}
      data-drawn={isDrawn === null ? undefined : String(isDrawn)}
    >
      <div class="ll-c-chart-box">
        <canvas ref={canvasRef} role="img" aria-label={label} />
      </div>
      <figcaption class="ll-c-muted">
        {isDrawn === false ? `${label} (the chart cannot be drawn here; see the table)` : label}
      </figcaption>
    </figure>
  );
}
