import type { ScreenProps } from '../screen-props';

export function ReviewScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
