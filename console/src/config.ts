import { CONSOLE_CONFIG_KEYS, type ConsoleConfig } from '../../shared/console-config';

export type { ConsoleConfig };

/**
 * Runtime settings, from `/config.json` beside the console: the CDK app writes it at deploy time
 * (infra/constructs/staff-console.ts) and the local cloud serves its own (local/console-server.ts),
 * so that one build runs against any deployment.
 */
export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const raw = (await response.json()) as Record<string, unknown>;
  const missing = CONSOLE_CONFIG_KEYS.filter((k) => typeof raw[k] !== 'string' || raw[k] === '');
  if (missing.length) throw new Error(`config.json lacks ${missing.join(', ')}`);
  const strip = (u: string) => u.replace(/\/+$/, '');
  const c = raw as unknown as ConsoleConfig;
  return { ...c, apiUrl: strip(c.apiUrl), signInUrl: strip(c.signInUrl), publicBaseUrl: strip(c.publicBaseUrl) };
}
