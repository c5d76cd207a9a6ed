// The order of different kinds of event at one instant. Capacity arriving or being freed comes
// before new work and before the scheduler looks; the scheduler runs after every state change at
// that instant, so one pass sees them all; idle scale-in waits until the scheduler had its chance;
// sampling sees the instant's final state.
export const Rank = {
  INSTANCE_READY: 1,
  ATTEMPT_END: 2,
  JOB_TRANSITION: 3,
  ARRIVAL: 4,
  SCHEDULER: 5,
  IDLE_TERMINATE: 6,
  SAMPLE: 7,
} as const;
