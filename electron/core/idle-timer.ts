/**
 * Runs `expire` once `ms` have passed without a `touch()`: what a thread keeps for the next call
 * (a parsed index, helper threads) is let go when calls stop coming. It never keeps a process alive.
 */
export function idleTimer(ms: number, expire: () => void): { touch(): void; cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  return {
    touch() {
      if (timer) timer.refresh();
      else {
        timer = setTimeout(() => {
          timer = null;
          expire();
        }, ms);
        timer.unref();
      }
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
