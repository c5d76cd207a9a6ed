// resolveJobDefinitionRef: `name`, `name:N` and full ARNs against a set of definitions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestActive, parseJobDefinitionRef, resolveJobDefinitionRef } from '../../../src/index.js';

const defs = [
  { jobDefinitionName: 'align', revision: 1, status: 'INACTIVE' },
  { jobDefinitionName: 'align', revision: 3, status: 'ACTIVE' },
  { jobDefinitionName: 'align', revision: 2, status: 'ACTIVE' },
  { jobDefinitionName: 'qc', revision: 4, status: 'INACTIVE' },
  { jobDefinitionName: 'merge', revision: null, status: null },
];
const pick = (ref: string) => {
  const r = resolveJobDefinitionRef(ref, defs);
  return r.ok ? [r.definition.jobDefinitionName, r.definition.revision, r.inactive] : r.message;
};

describe('resolveJobDefinitionRef', () => {
  it('a bare name is the latest ACTIVE revision', () => {
    expect(pick('align')).toEqual(['align', 3, false]);
    expect(pick('merge')).toEqual(['merge', null, false]);
  });
  it('name:N is that revision, INACTIVE ones flagged', () => {
    expect(pick('align:2')).toEqual(['align', 2, false]);
    expect(pick('align:1')).toEqual(['align', 1, true]);
    expect(pick('qc:4')).toEqual(['qc', 4, true]);
  });
  it('a scenario definition (no revision) stands for every revision', () => {
    expect(pick('merge:7')).toEqual(['merge', null, false]);
  });
  it('full ARNs, with and without revision', () => {
    expect(pick('arn:aws:batch:eu-west-1:123456789012:job-definition/align:1')).toEqual(['align', 1, true]);
    expect(pick('arn:aws:batch:us-east-1:012345678910:job-definition/align')).toEqual(['align', 3, false]);
    expect(pick('arn:aws-cn:batch:cn-north-1:012345678910:job-definition/merge:2')).toEqual(['merge', null, false]);
    expect(parseJobDefinitionRef('arn:aws:batch:us-east-1:012345678910:job-definition/sleep60:1')).toEqual({ name: 'sleep60', revision: 1, region: 'us-east-1', account: '012345678910' });
  });
  it('says why a reference does not resolve', () => {
    expect(pick('align:9')).toBe('job definition "align" has no revision 9 (revisions: 1, 2, 3)');
    expect(pick('qc')).toBe('job definition "qc" has only INACTIVE revisions');
    expect(pick('aling')).toBe('no job definition named "aling"; did you mean "align"?');
    expect(pick('arn:aws:batch:us-east-1:1:job-queue/align')).toMatch(/is not a job-definition ARN/);
    expect(pick('align:x')).toMatch(/is not a job-definition name/);
    expect(pick('')).toMatch(/is not a job-definition name/);
  });
  it('latestActive ignores INACTIVE and takes the highest revision, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ revision: fc.integer({ min: 1, max: 50 }), active: fc.boolean() }), { maxLength: 12 }), (rows) => {
        const list = rows.map((r) => ({ jobDefinitionName: 'j', revision: r.revision, status: r.active ? 'ACTIVE' : 'INACTIVE' }));
        const best = latestActive(list);
        const actives = rows.filter((r) => r.active).map((r) => r.revision);
        expect(best === null ? null : best.revision).toBe(actives.length === 0 ? null : Math.max(...actives));
        const r = resolveJobDefinitionRef('j', list);
        expect(r.ok).toBe(actives.length > 0);
      }),
    );
  });
});
