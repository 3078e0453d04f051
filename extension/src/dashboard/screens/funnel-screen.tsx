import type { ScreenProps } from '../screen-props';

export function FunnelScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
