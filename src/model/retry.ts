// retryStrategy as AWS Batch evaluates it: evaluateOnExit rules in order, the first rule whose
// every present condition matches decides; no matching rule means RETRY while attempts remain.
// Patterns match the whole string, with one wildcard: a trailing `*` makes it a prefix match.
import type { RetryRule } from '../scenario/types.js';

export interface AttemptOutcome {
  statusReason: string;
  /** The container's `reason`, if any. */
  reason: string | null;
  exitCode: number | null;
}

export function matchesPattern(pattern: string, value: string | null): boolean {
  const v = value ?? '';
  if (pattern.endsWith('*')) return v.startsWith(pattern.slice(0, -1));
  return pattern === v;
}

function ruleMatches(rule: RetryRule, o: AttemptOutcome): boolean {
  if (rule.onStatusReason !== null && !matchesPattern(rule.onStatusReason, o.statusReason)) return false;
  if (rule.onReason !== null && !matchesPattern(rule.onReason, o.reason)) return false;
  if (rule.onExitCode !== null && !matchesPattern(rule.onExitCode, o.exitCode === null ? null : String(o.exitCode))) return false;
  return true;
}

/** Whether the job goes back to RUNNABLE. Timeouts are never retried (checked by the caller). */
export function shouldRetry(rules: readonly RetryRule[], attemptsMade: number, maxAttempts: number, o: AttemptOutcome): boolean {
  if (attemptsMade >= maxAttempts) return false;
  for (const rule of rules) if (ruleMatches(rule, o)) return rule.action === 'RETRY';
  return true;
}
