import type { Role } from '@leadlight/contract';

/*
 * The dashboard's screens, their hash routes and who may open them. The roles mirror the API's route table
 * (api/src/route-table.ts) for each screen's main route, so a screen is never offered to a role the API refuses.
 */

export const screenIds = ['queue', 'review', 'rules', 'funnel', 'import', 'lead'] as const;
export type ScreenId = (typeof screenIds)[number];

export interface ScreenSpec {
  id: ScreenId;
  title: string;
  roles: readonly Role[];
  /** Shown in the navigation (a lead's page is reached from a list or a link only). */
  isInNav: boolean;
}

export const screens: readonly ScreenSpec[] = [
  { id: 'queue', title: 'My queue', roles: ['rep', 'admin'], isInNav: true },
  { id: 'review', title: 'Review queue', roles: ['marketer', 'admin'], isInNav: true },
  { id: 'rules', title: 'Rules', roles: ['rep', 'marketer', 'admin'], isInNav: true },
  { id: 'funnel', title: 'Funnel', roles: ['rep', 'marketer', 'admin'], isInNav: true },
  { id: 'import', title: 'Import', roles: ['marketer', 'admin'], isInNav: true },
  { id: 'lead', title: 'Lead', roles: ['rep', 'marketer', 'admin'], isInNav: false },
];

export interface Route {
  screen: ScreenId;
  /** The path segments after the screen, decoded (`#/rules/<id>/<version>` → [id, version]). */
  params: string[];
  query: URLSearchParams;
}

/** `#/leads/<id>` (the overlay's link) opens the lead screen; an empty or unknown hash opens the role's first screen. */
export function parseHash(hash: string): Route | null {
  const [pathPart = '', queryPart = ''] = hash.replace(/^#\/?/, '').split('?');
  const segments = pathPart.split('/').filter(Boolean);
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  const [head, ...params] = decoded;
  const screen = head === 'leads' ? 'lead' : head;
  if (!screen || !(screenIds as readonly string[]).includes(screen)) return null;
  return { screen: screen as ScreenId, params, query: new URLSearchParams(queryPart) };
}

export function buildHash(screen: ScreenId, params: string[] = [], query?: Record<string, string>): string {
  const head = screen === 'lead' ? 'leads' : screen;
  const path = [head, ...params].map((part) => encodeURIComponent(part)).join('/');
  const search = query ? new URLSearchParams(query).toString() : '';
  return `#/${path}${search ? `?${search}` : ''}`;
}

export function canOpen(screen: ScreenId, role: string | undefined): boolean {
  const spec = screens.find((candidate) => candidate.id === screen);
  return Boolean(spec && role && (spec.roles as readonly string[]).includes(role));
}

export function firstScreenFor(role: string | undefined): ScreenId {
  return screens.find((spec) => spec.isInNav && canOpen(spec.id, role))?.id ?? 'rules';
}
