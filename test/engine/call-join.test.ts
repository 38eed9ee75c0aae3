import { describe, expect, it } from 'vitest';
import { CallJoin } from '../../src/engine/call-join.js';

describe('CallJoin', () => {
  it('finds the leg of a named agent', () => {
    const join = new CallJoin();
    join.add('x', 'ana', 100);
    join.add('x', 'bob', 200);
    expect(join.find('x', 'ana', 'latest')).toEqual({ agent: 'ana', startedAt: 100 });
  });

  it('falls back to the latest leg', () => {
    const join = new CallJoin();
    join.add('x', 'bob', 200);
    join.add('x', 'ana', 100);
    expect(join.find('x', 'carl', 'latest')).toEqual({ agent: 'bob', startedAt: 200 });
  });

  it('falls back to the earliest leg', () => {
    const join = new CallJoin();
    join.add('x', 'bob', 200);
    join.add('x', 'ana', 100);
    expect(join.find('x', null, 'earliest')).toEqual({ agent: 'ana', startedAt: 100 });
  });

  it('breaks a latest tie by the leg added last', () => {
    const join = new CallJoin();
    join.add('x', 'ana', 100);
    join.add('x', 'bob', 100);
    expect(join.find('x', null, 'latest')?.agent).toBe('bob');
  });

  it('breaks an earliest tie by the leg added first', () => {
    const join = new CallJoin();
    join.add('x', 'ana', 100);
    join.add('x', 'bob', 100);
    expect(join.find('x', null, 'earliest')?.agent).toBe('ana');
  });

  it('returns undefined for an unknown call', () => {
    expect(new CallJoin().find('x', 'ana', 'latest')).toBeUndefined();
  });

  it('keeps legs past its first capacity', () => {
    const join = new CallJoin();
    for (let i = 0; i < 5000; i++) join.add(`c${i}`, `agent${i % 7}`, i);
    // 4999 % 7 = 1
    expect(join.find('c4999', null, 'latest')).toEqual({ agent: 'agent1', startedAt: 4999 });
  });

  // Ids that share all but their last three characters share a table, so
  // 20,000 ids in sequence grow a few tables many times, and random ids
  // spread over all of them.
  it('finds every id across tables', () => {
    const join = new CallJoin();
    const ids: string[] = [];
    for (let i = 0; i < 20_000; i++) ids.push(`C${1_000_000 + i}`);
    for (let i = 0; i < 5_000; i++) ids.push(`r${Math.imul(i, 2_654_435_761) >>> 0}-${i}`);
    ids.forEach((id, i) => join.add(id, `agent${i % 7}`, i));
    ids.forEach((id, i) => {
      expect(join.find(id, null, 'latest')).toEqual({ agent: `agent${i % 7}`, startedAt: i });
    });
    expect(join.find('C999999', null, 'latest')).toBeUndefined();
    expect(join.find('C1020000', null, 'latest')).toBeUndefined();
  });
});
