// A run that can never end: capacity that keeps being launched and lost without running work (a
// Spot reclaim rate so high that each instance is reclaimed before its job can start, and no
// `until`) would go on launching until the process runs out of memory. The model stops it first.

/**
 * Instances (Fargate tasks count) a run may launch: a million, and ten per job submitted. Real
 * runs stay far below it: a Fargate task is one attempt, and a job makes at most ten attempts
 * (retryStrategy.attempts: 1 to 10), so only capacity lost over and over without work reaches it.
 */
export function fleetBudget(jobsSubmitted: number): number {
  return 1_000_000 + 10 * jobsSubmitted;
}

/** The run went past fleetBudget: bad input (the scenario cannot finish), not a defect of the model. */
export class RunawayFleetError extends Error {
  constructor(instances: number, jobs: number, atMs: number) {
    super(
      `the run launched ${instances.toLocaleString('en-US')} instances for ${jobs.toLocaleString('en-US')} jobs by ${(atMs / 3_600_000).toFixed(1)} h of simulated time ` +
        'without ending: its capacity is lost (Spot reclaims?) faster than work runs on it, so it would never finish; ' +
        'check the Spot interruption rate and noticeSeconds, or give the scenario an `until`',
    );
  }
}
