import type { ScreenProps } from '../screen-props';

export function QueueScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
