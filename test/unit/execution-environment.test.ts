import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { heapLimits } from '../../local/lambda-runtime';

/** Imports the observability module in a fresh Node process with `env`, and reports the X-Ray SDK's mode. */
function xrayModeWith(env: Record<string, string>) {
  const script = "await import('./shared/observability.ts'); console.log(JSON.stringify({ namespaces: Object.keys(process.namespaces ?? {}), manual: process.env.AWS_XRAY_MANUAL_MODE ?? null }))";
  const { AWS_EXECUTION_ENV: _e, AWS_XRAY_MANUAL_MODE: _m, POWERTOOLS_TRACE_ENABLED: _p, AWS_SAM_LOCAL: _s, ...rest } = process.env;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...rest, ...env }, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { namespaces: string[]; manual: string | null };
}

describe('the execution environment', () => {
  it('leaves the X-Ray SDK in automatic mode where the Tracer traces, and in manual mode (no async hooks) where it cannot', () => {
    expect(xrayModeWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' })).toEqual({ namespaces: ['AWSXRay'], manual: null });
    expect(xrayModeWith({})).toEqual({ namespaces: [], manual: 'true' });
    expect(xrayModeWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' })).toEqual({ namespaces: [], manual: 'true' });
    expect(xrayModeWith({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_SAM_LOCAL: 'true' })).toEqual({ namespaces: [], manual: 'true' });
  });

  it("gives a local environment the heap Lambda's bootstrap gives a function of that memory", () => {
    // Lambda: --max-semi-space-size = memory/20, --max-old-space-size = memory - memory/10.
    expect(heapLimits(1024)).toEqual({ maxYoungGenerationSizeMb: 153, maxOldGenerationSizeMb: 922 });
    expect(heapLimits(256)).toEqual({ maxYoungGenerationSizeMb: 36, maxOldGenerationSizeMb: 232 });
  });
});
