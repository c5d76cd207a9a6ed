// ASL's data flow without a clock: paths, templates, ResultPath and Choice rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRule, fill, parsePath, placeResult, select } from '../../src/model/stepFunctions/paths.js';
import type { Comparison, Path } from '../../src/model/stepFunctions/types.js';

const path = (text: string): Path => {
  const p = parsePath(text);
  if (typeof p === 'string') throw new Error(p);
  return p;
};
const compare = (op: string, variable: string, value: unknown): Comparison => ({ kind: 'compare', op, variable: path(variable), value, valuePath: op.endsWith('Path') ? path(value as string) : null });

describe('paths', () => {
  it('parses field names, quoted names and indexes, on the input or the context object', () => {
    expect(path('$')).toEqual({ text: '$', context: false, steps: [] });
    expect(path("$.a['b c'][2].d")).toEqual({ text: "$.a['b c'][2].d", context: false, steps: ['a', 'b c', 2, 'd'] });
    expect(path('$$.Map.Item.Value').context).toBe(true);
    expect(parsePath('a.b')).toMatch(/^a path starts with "\$"/);
  });

  it('selects what is there and reports what is not', () => {
    const input = { a: { b: [10, { c: null }] } };
    expect(select(path('$.a.b[1].c'), input)).toEqual({ found: true, value: null });
    expect(select(path('$.a.b[2]'), input)).toEqual({ found: false });
    expect(select(path('$.a.x'), input)).toEqual({ found: false });
    expect(select(path('$$.Map.Item.Index'), input, { Map: { Item: { Index: 3 } } })).toEqual({ found: true, value: 3 });
  });

  it('fills a template, and names the first path that selects nothing', () => {
    const t = { kind: 'object' as const, fields: [{ key: 'JobName', value: { kind: 'value' as const, value: 'align' } }, { key: 'Parameters', value: { kind: 'object' as const, fields: [{ key: 'sample', value: { kind: 'path' as const, path: path('$.s') } }] } }] };
    expect(fill(t, { s: 'NA12878' }, {})).toEqual({ ok: true, value: { JobName: 'align', Parameters: { sample: 'NA12878' } } });
    expect(fill(t, {}, {})).toEqual({ ok: false, error: 'States.Runtime', message: '$.s selects nothing' });
  });

  it('places a result without changing the input, creating objects on the way', () => {
    const input = { a: { keep: 1 } };
    expect(placeResult(input, path('$.a.b.c'), 5)).toEqual({ ok: true, value: { a: { keep: 1, b: { c: 5 } } } });
    expect(input).toEqual({ a: { keep: 1 } });
    expect(placeResult(input, null, 5)).toEqual({ ok: true, value: input });
    expect(placeResult(input, undefined, 5)).toEqual({ ok: true, value: 5 });
    // A non-object on the way is States.ResultPathMatchFailure.
    expect(placeResult({ a: 3 }, path('$.a.b'), 5)).toEqual({ ok: false });
  });

  it('property: what is placed at a path is what that path then selects, and nothing else moves', () => {
    const key = fc.stringMatching(/^[a-z]{1,3}$/);
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), fc.array(key, { minLength: 1, maxLength: 4 }), fc.jsonValue(), (input, steps, result) => {
        const p = path('$' + steps.map((s) => `.${s}`).join(''));
        const placed = placeResult(input, p, result);
        if (!placed.ok) return; // something on the way was not an object
        expect(select(p, placed.value)).toEqual({ found: true, value: result });
        for (const k of Object.keys(input)) if (k !== steps[0]) expect((placed.value as Record<string, unknown>)[k]).toEqual(input[k]);
      }),
    );
  });
});

describe('Choice rules', () => {
  const input = { n: 3, s: 'sample-07.bam', ok: true, none: null, other: 3 };
  it('compares numbers, strings and booleans, and with another path', () => {
    expect(evaluateRule(compare('NumericGreaterThan', '$.n', 2), input, {})).toBe(true);
    expect(evaluateRule(compare('NumericLessThanEquals', '$.n', 2), input, {})).toBe(false);
    expect(evaluateRule(compare('NumericEqualsPath', '$.n', '$.other'), input, {})).toBe(true);
    expect(evaluateRule(compare('StringLessThan', '$.s', 't'), input, {})).toBe(true);
    expect(evaluateRule(compare('BooleanEquals', '$.ok', true), input, {})).toBe(true);
    // A comparison of values of another type is false, not an error.
    expect(evaluateRule(compare('NumericEquals', '$.s', 3), input, {})).toBe(false);
  });
  it('type tests and presence; a missing Variable makes a comparison false', () => {
    expect(evaluateRule(compare('IsNull', '$.none', true), input, {})).toBe(true);
    expect(evaluateRule(compare('IsPresent', '$.missing', false), input, {})).toBe(true);
    expect(evaluateRule(compare('StringEquals', '$.missing', 'x'), input, {})).toBe(false);
  });
  it('StringMatches: * matches any run, \\* a star', () => {
    expect(evaluateRule(compare('StringMatches', '$.s', 'sample-*.bam'), input, {})).toBe(true);
    expect(evaluateRule(compare('StringMatches', '$.s', 'sample-*.cram'), input, {})).toBe(false);
    expect(evaluateRule(compare('StringMatches', '$.s', 'sample\\*'), { s: 'sample*' }, {})).toBe(true);
    expect(evaluateRule(compare('StringMatches', '$.s', 'sample\\*'), { s: 'sample-1' }, {})).toBe(false);
  });
  it('property: a pattern without stars matches exactly the equal string', () => {
    fc.assert(
      fc.property(fc.string().filter((s) => !/[*\\]/.test(s)), fc.string(), (p, s) => {
        expect(evaluateRule(compare('StringMatches', '$.s', p), { s }, {})).toBe(s === p);
      }),
    );
  });
  it('And, Or and Not', () => {
    const gt = compare('NumericGreaterThan', '$.n', 2);
    const isStr = compare('IsString', '$.n', true);
    expect(evaluateRule({ kind: 'And', rules: [gt, isStr] }, input, {})).toBe(false);
    expect(evaluateRule({ kind: 'Or', rules: [gt, isStr] }, input, {})).toBe(true);
    expect(evaluateRule({ kind: 'Not', rule: isStr }, input, {})).toBe(true);
  });
});
