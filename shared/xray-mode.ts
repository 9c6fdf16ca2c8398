/**
 * Imported by observability.ts before Powertools Tracer, which loads the X-Ray SDK. That SDK
 * starts in automatic mode unless AWS_XRAY_MANUAL_MODE is set, and automatic mode enables
 * cls-hooked's async hooks — a destroy hook on every promise — even when the Tracer then turns
 * itself off. In the cohort issuer's CPU profile that was 8–9% of a busy function's time.
 *
 * Where the Tracer will be off (the same rules it applies: outside Lambda, under the Amplify
 * mock or SAM CLI, or POWERTOOLS_TRACE_ENABLED=false) nothing reads that context, so the SDK
 * starts in manual mode. In Lambda with tracing on, nothing changes.
 */
const executionEnv = process.env.AWS_EXECUTION_ENV ?? '';
export const tracingOff =
  executionEnv === '' || executionEnv === 'AWS_Lambda_amplify-mock' || (process.env.AWS_SAM_LOCAL ?? '') !== '' || process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() === 'false';
if (tracingOff) process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
