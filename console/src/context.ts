import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api';
import type { Session } from './auth';
import type { ConsoleConfig } from './config';
import { ROUTE_ROLES, type RouteKey } from './api/route-roles';

export interface Console {
  config: ConsoleConfig;
  session: Session;
  api: Api;
  /** May the signed-in person call this route? (The API decides again; this only hides.) */
  can(route: RouteKey): boolean;
  /** Says something to screen readers (and shows it) without moving focus. */
  announce(message: string): void;
}

export const ConsoleContext = createContext<Console | undefined>(undefined);

export function useConsole(): Console {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the signed-in console');
  return c;
}

export function canCall(groups: readonly string[], route: RouteKey): boolean {
  return groups.includes('admin') || ROUTE_ROLES[route].some((role) => groups.includes(role));
}
