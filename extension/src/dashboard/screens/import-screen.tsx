import type { ScreenProps } from '../screen-props';

export function ImportScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
