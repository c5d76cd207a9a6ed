// ASL intrinsic functions, against the examples of AWS's page
// (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html), and their errors.
import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic, parseIntrinsic } from '../../src/model/stepFunctions/intrinsics.js';
import { select } from '../../src/model/stepFunctions/paths.js';

function run(text: string, input: unknown = {}, context: unknown = {}) {
  const f = parseIntrinsic(text);
  if (typeof f === 'string') throw new Error(f);
  return evaluateIntrinsic(f, (p) => select(p, input, context));
}
const value = (text: string, input?: unknown, context?: unknown) => {
  const r = run(text, input, context);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};

describe('intrinsic functions, as AWS documents them', () => {
  it('States.Format, with escapes and values that are not strings', () => {
    expect(value("States.Format('Hello, my name is {}.', $.name)", { name: 'Arnav' })).toBe('Hello, my name is Arnav.');
    expect(value("States.Format('{} of {} \\{\\}', $.n, $.total)", { n: 3, total: 8 })).toBe('3 of 8 {}');
    expect(value("States.Format('s-{}', $$.Map.Item.Index)", {}, { Map: { Item: { Index: 4 } } })).toBe('s-4');
  });

  it('arrays: Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique', () => {
    expect(value("States.Array('Foo', 2020, $.x, null)", { x: [1] })).toEqual(['Foo', 2020, [1], null]);
    expect(value('States.ArrayPartition($.a, 4)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
    expect(value('States.ArrayContains($.a, $.b)', { a: [1, 2, 3, 4, 5, 6, 7, 8, 9], b: 5 })).toBe(true);
    expect(value('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(value('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(value('States.ArrayGetItem(States.ArrayRange(1, 9, 1), 5)')).toBe(6);
    expect(value('States.ArrayLength($.a)', { a: [1, 2, 3] })).toBe(3);
    expect(value('States.ArrayUnique($.a)', { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });

  it('MathAdd, StringSplit, StringToJson and JsonToString', () => {
    expect(value('States.MathAdd($.v, -1)', { v: 111 })).toBe(110);
    expect(value("States.StringSplit($.s, ',')", { s: '1,2,3,4,5' })).toEqual(['1', '2', '3', '4', '5']);
    expect(value("States.StringSplit($.s, '.+')", { s: 'This.is+a.test' })).toEqual(['This', 'is', 'a', 'test']);
    expect(value('States.StringToJson($.j)', { j: '{"number": 20}' })).toEqual({ number: 20 });
    expect(value('States.JsonToString($.o)', { o: { a: 1, b: 'x' } })).toBe('{"a":1,"b":"x"}');
  });

  it('fails with States.IntrinsicFailure on bad arguments, States.Runtime on a path that selects nothing', () => {
    expect(run('States.ArrayRange(1, 2000, 1)')).toEqual({ ok: false, error: 'States.IntrinsicFailure', message: 'States.ArrayRange(1, 2000, 1): the range has 2000 elements; at most 1000' });
    expect(run("States.Format('{} {}', $.a)", { a: 1 })).toMatchObject({ ok: false, error: 'States.IntrinsicFailure' });
    expect(run('States.MathAdd($.a, 1.5)', { a: 1 })).toMatchObject({ ok: false, error: 'States.IntrinsicFailure' });
    expect(run('States.ArrayLength($.missing)')).toEqual({ ok: false, error: 'States.Runtime', message: '$.missing selects nothing' });
  });

  it('refuses what it cannot parse or does not run, saying why', () => {
    expect(parseIntrinsic('States.Hash($.a, \'SHA-1\')')).toMatch(/^the intrinsic function States.Hash is not supported by batchsim/);
    expect(parseIntrinsic('States.ArrayRange(1, 2)')).toBe('States.ArrayRange takes 3 arguments, not 2');
    expect(parseIntrinsic("States.Format('x)")).toBe('a string argument is not closed with "\'"');
    expect(parseIntrinsic('States.ArrayLength($.a) + 1')).toBe('unexpected "+ 1" after States.ArrayLength(...)');
  });
});
