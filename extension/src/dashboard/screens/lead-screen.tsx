import type { ScreenProps } from '../screen-props';

export function LeadScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
