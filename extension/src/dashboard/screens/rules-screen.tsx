import type { ScreenProps } from '../screen-props';

export function RulesScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
