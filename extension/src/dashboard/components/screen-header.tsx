/** A screen's title with its Refresh button (disabled while the screen loads). */
export function ScreenHeader({
  titleId,
  title,
  onRefresh,
  isLoading,
}: {
  titleId: string;
  title: string;
  onRefresh: () => void;
  isLoading: boolean;
}) {
  return (
    <div class="ll-c-toolbar">
      <h1 id={titleId}>{title}</h1>
      <button type="button" class="ll-c-button" onClick={onRefresh} disabled={isLoading}>
        Refresh
      </button>
    </div>
  );
}
