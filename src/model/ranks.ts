// The order of different kinds of event at one instant. Capacity arriving or being freed comes
// before new work and before the scheduler looks: a job that ends at the very instant its Spot
// instance is reclaimed has ended; a notice stops placements before the scheduler's pass; the
// scheduler runs after every state change at that instant, so one pass sees them all; idle
// scale-in waits until the scheduler had its chance; sampling sees the instant's final state, and
// the horizon comes last.
export const Rank = {
  INSTANCE_READY: 1,
  ATTEMPT_END: 2,
  SPOT_RECLAIM: 3,
  SPOT_NOTICE: 4,
  JOB_TRANSITION: 5,
  ARRIVAL: 6,
  WAKE_UP: 7,
  SCHEDULER: 8,
  IDLE_TERMINATE: 9,
  SAMPLE: 10,
  /** `until`, when capacity that is never scaled in is up: the run lasts to it (endOfRun.ts). */
  HORIZON: 11,
} as const;
