import { describe, expect, it } from 'vitest';
import { backoffMs, throttleKeys } from '../../server/auth/login.ts';

describe('sign-in back-off (issue 13 #8)', () => {
  it('waits nothing below the threshold, then doubles from 250 ms up to the cap', () => {
    expect([9, 10, 11, 12, 13].map((f) => backoffMs(f, 10, 8000))).toEqual([0, 250, 500, 1000, 2000]);
    expect(backoffMs(40, 10, 8000)).toBe(8000);
    expect(backoffMs(1_000_000, 10, 8000)).toBe(8000);
    expect(backoffMs(50, 10, 0)).toBe(0);
  });

  it('locks a username per address, never a username alone', () => {
    const k = throttleKeys('admin', '10.0.0.1');
    expect(k.pair).toBe('pair:admin|10.0.0.1');
    expect(k.pair).not.toBe(throttleKeys('admin', '10.0.0.2').pair);
  });
});
