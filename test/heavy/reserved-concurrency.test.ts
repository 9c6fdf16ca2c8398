import { NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app';

const build = (context: Record<string, unknown> = {}) => buildApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });

/** Reserved concurrency by source file, for every function that has one: the stack's and its nested stacks' (the directory's). */
function reservations(stack: Stack): Record<string, number> {
  const stacks = [stack, ...stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack)];
  return Object.fromEntries(
    stacks.flatMap((s) =>
      Object.values(Template.fromStack(s).findResources('AWS::Lambda::Function'))
        .filter((f) => f.Properties.ReservedConcurrentExecutions !== undefined)
        .map((f) => [f.Metadata?.['laurel:entry'] ?? '?', f.Properties.ReservedConcurrentExecutions]),
    ),
  );
}

describe('reserved concurrency for the public functions', () => {
  it('reserves none by default', () => {
    expect(reservations(build().stack)).toEqual({});
  });

  it('reserves for POST /verify, each GET function (the directory’s, in its nested stack, too) and the public 404 function when configured (strings from -c too)', () => {
    const { stack } = build({ 'laurel:verifyReservedConcurrency': '20', 'laurel:publicReadReservedConcurrency': 50, 'laurel:lambdaConcurrencyQuota': '1000' });
    const t = Template.fromStack(stack);
    expect(reservations(stack)).toEqual({
      'functions/public/verify-credential.ts': 20,
      'functions/public/get-image.ts': 50,
      'functions/public/get-credential.ts': 50,
      'functions/public/get-verification.ts': 50,
      'functions/public/get-issuer.ts': 50,
      'functions/public/get-issuer-key.ts': 50,
      'functions/public/get-status-list.ts': 50,
      'functions/public/get-render-template.ts': 50,
      'functions/public/route-not-found.ts': 50,
      'functions/public/get-directory.ts': 50,
    });
    // The admin API's 404 function shares the source file but not the reservation.
    const notFound = Object.entries(t.findResources('AWS::Lambda::Function')).filter(([, f]) => f.Metadata?.['laurel:entry'] === 'functions/public/route-not-found.ts');
    expect(notFound.map(([id, f]) => [id.replace(/[0-9A-F]{8}$/, ''), f.Properties.ReservedConcurrentExecutions]).sort()).toEqual([
      ['AdminRouteNotFound', undefined],
      ['PublicRouteNotFound', 50],
    ]);
    // Only one of the two settings: the other functions stay unreserved.
    const verifyOnly = build({ 'laurel:verifyReservedConcurrency': 20, 'laurel:lambdaConcurrencyQuota': 1000 }).stack;
    expect(reservations(verifyOnly)).toEqual({ 'functions/public/verify-credential.ts': 20 });
  });

  it('refuses a reservation without the account quota declared', () => {
    expect(() => build({ 'laurel:publicReadReservedConcurrency': 10 })).toThrow(/laurel:lambdaConcurrencyQuota: reserved concurrency comes out of the account's quota/);
  });

  it('refuses reservations that would leave fewer than 100 executions unreserved, with the settings and the numbers', () => {
    // 20 + 9 × 40 (eight read functions and the directory's) = 380 of 470 leaves 90.
    const over = () => build({ 'laurel:verifyReservedConcurrency': 20, 'laurel:publicReadReservedConcurrency': 40, 'laurel:lambdaConcurrencyQuota': 470 });
    expect(over).toThrow(/laurel:verifyReservedConcurrency.*\+ 9 × 40 \(laurel:publicReadReservedConcurrency.*= 380 of the account's 470 leaves 90 unreserved; Lambda keeps at least 100/);
    // Exactly 100 left is allowed.
    expect(() => build({ 'laurel:verifyReservedConcurrency': 20, 'laurel:publicReadReservedConcurrency': 40, 'laurel:lambdaConcurrencyQuota': 480 })).not.toThrow();
  });
});
