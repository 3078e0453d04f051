import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FigureList } from './figure-list';

afterEach(cleanup);

describe('FigureList', () => {
  it('shows each figure as a label over its value, with the raw number where there is one', () => {
    render(
      <FigureList
        class="ll-test-figures"
        testId="figures"
        figures={[
          { id: 'share', label: 'Share', value: '61.2%', rawValue: 0.612, testId: 'share' },
          { id: 'auc', label: 'AUC', value: '–', rawValue: null, testId: 'auc', class: 'll-test-auc' },
          { id: 'note', label: 'Note', value: <em>per group</em> },
        ]}
      />,
    );
    const list = screen.getByTestId('figures');
    expect(list.tagName).toBe('DL');
    expect(list.getAttribute('class')).toBe('ll-c-figures ll-test-figures');
    expect([...list.querySelectorAll('dt')].map((term) => term.textContent)).toEqual([
      'Share',
      'AUC',
      'Note',
    ]);
    expect(screen.getByTestId('share').textContent).toBe('61.2%');
    expect(screen.getByTestId('share').getAttribute('data-value')).toBe('0.612');
    expect(screen.getByTestId('auc').getAttribute('data-value')).toBe('');
    expect(screen.getByTestId('auc').parentElement?.getAttribute('class')).toBe('ll-test-auc');
    expect(list.querySelector('em')?.textContent).toBe('per group');
    expect(list.querySelectorAll('dd')[2]?.hasAttribute('data-value')).toBe(false);
  });
});
