// Job queues: priority, scheduling policy, compute environment order, time-limit actions, and the
// what-if queue discipline.
import * as D from '../defaults.js';
import { COMPUTE_ENVIRONMENT_ORDER, JOB_QUEUE, JOB_QUEUE_SIMULATION, JOB_STATE_TIME_LIMIT_ACTION } from '../fields/jobQueue.js';
import { indexPath, joinPath } from '../issues.js';
import * as m from '../messages.js';
import type { JobQueue } from '../types.js';
import { nameFromArn } from '../../model/arns.js';
import { eachObject, type Reader } from './reader.js';

export function readJobQueue(r: Reader, value: unknown, path: string): JobQueue {
  const T = JOB_QUEUE;
  const q: JobQueue = {
    jobQueueName: '',
    state: D.STATE,
    priority: 0,
    schedulingPolicyArn: null,
    computeEnvironmentOrder: [],
    jobStateTimeLimitActions: [],
    discipline: D.DISCIPLINE,
  };
  const o = r.object(value, path, T);
  if (!o) return q;
  q.jobQueueName = r.field(o, T, 'jobQueueName', path) ?? '';
  q.state = r.field(o, T, 'state', path) ?? D.STATE;
  q.priority = r.field(o, T, 'priority', path) ?? 0;
  const policy = r.field(o, T, 'schedulingPolicyArn', path);
  q.schedulingPolicyArn = policy === undefined ? null : nameFromArn(policy, 'scheduling-policy');
  const orderPath = joinPath(path, 'computeEnvironmentOrder');
  const order = r.field(o, T, 'computeEnvironmentOrder', path) ?? [];
  const { max } = T.fields.computeEnvironmentOrder;
  if (o.computeEnvironmentOrder != null && order.length === 0) r.error(orderPath, m.notEmpty());
  if (order.length > max) r.error(orderPath, m.tooMany(max, m.TOO_MANY.queueEnvironments, order.length));
  const E = COMPUTE_ENVIRONMENT_ORDER;
  q.computeEnvironmentOrder = eachObject(r, order, orderPath, E).map((e, i) => {
    const at = indexPath(orderPath, i);
    const ce = e ? r.field(e, E, 'computeEnvironment', at) : undefined;
    return {
      order: (e ? r.field(e, E, 'order', at) : undefined) ?? i,
      computeEnvironment: ce === undefined ? '' : nameFromArn(ce, 'compute-environment'),
    };
  });
  const actionsPath = joinPath(path, 'jobStateTimeLimitActions');
  const actions = r.field(o, T, 'jobStateTimeLimitActions', path) ?? [];
  const A = JOB_STATE_TIME_LIMIT_ACTION;
  q.jobStateTimeLimitActions = eachObject(r, actions, actionsPath, A).map((a, i) => {
    const at = indexPath(actionsPath, i);
    // Placeholders where a value is missing or wrong: that is already reported.
    return {
      reason: (a ? r.field(a, A, 'reason', at) : undefined) ?? '',
      state: (a ? r.field(a, A, 'state', at) : undefined) ?? 'RUNNABLE',
      maxTimeSeconds: (a ? r.field(a, A, 'maxTimeSeconds', at) : undefined) ?? A.fields.maxTimeSeconds.min,
      action: (a ? r.field(a, A, 'action', at) : undefined) ?? 'CANCEL',
    };
  });
  // What-if queue disciplines: AWS's own (fifo) or an HPC scheduler's on the same work.
  const simPath = joinPath(path, 'simulation');
  const sim = r.get(o, 'simulation', path);
  if (sim !== undefined) {
    const so = r.object(sim, simPath, JOB_QUEUE_SIMULATION);
    if (so) q.discipline = r.field(so, JOB_QUEUE_SIMULATION, 'discipline', simPath) ?? D.DISCIPLINE;
  }
  return q;
}
