// AWS Batch ARNs where the scenario expects a name (pasted describe-* output holds ARNs); the
// parsing is the model's (model/arns.ts), which resolves the names Step Functions Tasks give too.
export { nameFromArn } from '../../model/arns.js';
