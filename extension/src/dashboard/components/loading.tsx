/** A polite "loading" line screen readers announce once. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="ll-c-loading" role="status" data-testid="loading">
      {label}
    </p>
  );
}
