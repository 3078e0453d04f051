import type { Route } from './routes';

/** Who is signed in, as the background knows it (session.get). */
export interface DashboardUser {
  name?: string;
  email?: string;
  role: string;
}

export interface ScreenProps {
  route: Route;
  user: DashboardUser;
  /** Moves to another hash route (keeps history, so Back works). */
  navigate: (hash: string) => void;
}
