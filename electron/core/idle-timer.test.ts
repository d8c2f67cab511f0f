import { afterEach, describe, expect, it, vi } from 'vitest';
import { idleTimer } from './idle-timer';

afterEach(() => vi.useRealTimers());

describe('idleTimer', () => {
  it('expires once the time passes without a touch; each touch starts the wait again', () => {
    vi.useFakeTimers();
    let expired = 0;
    const t = idleTimer(1000, () => expired++);
    t.touch();
    vi.advanceTimersByTime(900);
    t.touch();
    vi.advanceTimersByTime(900);
    expect(expired).toBe(0);
    vi.advanceTimersByTime(100);
    expect(expired).toBe(1);
    vi.advanceTimersByTime(5000);
    expect(expired).toBe(1); // once per idle spell
    t.touch();
    vi.advanceTimersByTime(1000);
    expect(expired).toBe(2);
  });

  it('does nothing once cancelled', () => {
    vi.useFakeTimers();
    let expired = 0;
    const t = idleTimer(1000, () => expired++);
    t.touch();
    t.cancel();
    vi.advanceTimersByTime(5000);
    expect(expired).toBe(0);
  });
});
