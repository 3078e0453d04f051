import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../api';
import { ErrorBox } from './error-box';
import { Pager, useCursorPages } from './paged-list';
import { useApi } from './use-api';

afterEach(cleanup);

describe('ErrorBox', () => {
  it('shows the API’s message, code and validation issues as text', () => {
    const error = new ApiCallError(400, 'validation_failed', 'The query is invalid', {
      issues: [{ path: ['limit'], message: 'Too big: expected <=200' }, { message: '<b>raw</b>' }],
    });
    render(<ErrorBox title="Could not load" error={error} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The query is invalid (validation_failed)');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'limit: Too big: expected <=200',
      '<b>raw</b>',
    ]);
    expect(alert.querySelector('b')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows any other failure’s message and offers a retry when asked', () => {
    let retries = 0;
    render(
      <ErrorBox
        title="Could not load"
        error={new Error('Sign in to Leadlight first')}
        onRetry={() => retries++}
      />,
    );
    expect(screen.getByTestId('error-message').textContent).toBe('Sign in to Leadlight first');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retries).toBe(1);
  });
});

function PagerHarness({ nextCursors }: { nextCursors: Record<string, string | null> }) {
  const pages = useCursorPages();
  const next = nextCursors[pages.cursor ?? 'first'] ?? null;
  return (
    <>
      <output data-testid="cursor">{pages.cursor ?? 'first'}</output>
      <Pager pages={pages} nextCursor={next} count={2} label="Pages" />
    </>
  );
}

describe('Pager', () => {
  it('walks forward by the API’s cursors and back by the ones it kept', () => {
    render(<PagerHarness nextCursors={{ first: 'c2', c2: 'c3', c3: null }} />);
    const previous = screen.getByTestId('page-previous') as HTMLButtonElement;
    const next = screen.getByTestId('page-next') as HTMLButtonElement;
    expect(previous.disabled).toBe(true);
    fireEvent.click(next);
    fireEvent.click(next);
    expect(screen.getByTestId('cursor').textContent).toBe('c3');
    expect(next.disabled).toBe(true);
    expect(screen.getByTestId('page-status').textContent).toBe('Page 3 · 2 leads');
    fireEvent.click(previous);
    expect(screen.getByTestId('cursor').textContent).toBe('c2');
    expect(screen.getByRole('navigation', { name: 'Pages' })).toBeTruthy();
  });
});

function ApiHarness({ fetcher, id }: { fetcher: () => Promise<string>; id: string }) {
  const { load } = useApi(fetcher, id);
  return (
    <output data-testid="load">{`${load.status}:${load.status === 'error' ? 'x' : (load.data ?? '')}`}</output>
  );
}

describe('useApi', () => {
  it('keeps the newest answer when an older request answers last', async () => {
    const resolvers: Record<string, (value: string) => void> = {};
    const fetcherFor = (id: string) => () =>
      new Promise<string>((resolve) => {
        resolvers[id] = resolve;
      });
    const { rerender } = render(<ApiHarness fetcher={fetcherFor('a')} id="a" />);
    rerender(<ApiHarness fetcher={fetcherFor('b')} id="b" />);
    resolvers.b?.('page b');
    await waitFor(() => expect(screen.getByTestId('load').textContent).toBe('ready:page b'));
    resolvers.a?.('page a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.getByTestId('load').textContent).toBe('ready:page b');
  });
});
