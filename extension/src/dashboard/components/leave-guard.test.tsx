import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { confirmLeave, useLeaveGuard } from './leave-guard';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Holder({ isHeld }: { isHeld: boolean }) {
  useLeaveGuard(isHeld, 'Leave with unsaved changes?');
  return null;
}

function isUnloadStopped(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

/** The page's confirm dialog, answered as the user would (the test DOM has none of its own). */
function stubConfirm(answer: boolean) {
  const confirm = vi.fn((_message?: string) => answer);
  vi.stubGlobal('confirm', confirm);
  return confirm;
}

describe('leave guard', () => {
  it('asks before leaving only while a screen holds the page, and lets the user stay', () => {
    const confirm = stubConfirm(false);
    const { rerender } = render(<Holder isHeld={false} />);
    expect(confirmLeave()).toBe(true);
    expect(isUnloadStopped()).toBe(false);
    expect(confirm).not.toHaveBeenCalled();

    rerender(<Holder isHeld />);
    expect(confirmLeave()).toBe(false);
    expect(confirm).toHaveBeenCalledWith('Leave with unsaved changes?');
    expect(isUnloadStopped()).toBe(true);
    confirm.mockImplementation(() => true);
    expect(confirmLeave()).toBe(true);

    // Saved (no longer held): nothing asks any more.
    rerender(<Holder isHeld={false} />);
    confirm.mockClear();
    expect(confirmLeave()).toBe(true);
    expect(isUnloadStopped()).toBe(false);
    expect(confirm).not.toHaveBeenCalled();
  });
});
