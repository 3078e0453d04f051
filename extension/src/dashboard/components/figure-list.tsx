import type { ComponentChildren } from 'preact';

/** One headline number: a label over a large value. */
export interface Figure {
  /** Tells figures apart (the list's key); never shown. */
  id: string;
  label: string;
  value: ComponentChildren;
  testId?: string;
  /** The raw number behind a formatted value, for tests and tools that read it (empty when there is none). */
  rawValue?: number | null;
  /** A class on the figure's box, for a figure that looks different from its neighbours. */
  class?: string;
}

/**
 * A row of headline figures as a description list (label in dt, value in dd). The list's own class lays the boxes
 * out per screen; `ll-c-figures` gives every screen the same label and value type.
 */
export function FigureList({
  figures,
  class: listClass,
  testId,
}: {
  figures: readonly Figure[];
  class: string;
  testId?: string;
}) {
  return (
    <dl class={`ll-c-figures ${listClass}`} data-testid={testId}>
      {figures.map((figure) => (
        <div key={figure.id} class={figure.class}>
          <dt>{figure.label}</dt>
          <dd
            data-testid={figure.testId}
            data-value={
              figure.rawValue === undefined
                ? undefined
                : figure.rawValue === null
                  ? ''
                  : String(figure.rawValue)
            }
          >
            {figure.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
