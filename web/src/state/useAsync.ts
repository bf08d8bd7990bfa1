import { useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'idle'; data: null; error: null }
  | { status: 'loading'; data: T | null; error: null }
  | { status: 'ready'; data: T; error: null }
  | { status: 'error'; data: null; error: unknown };

const IDLE = { status: 'idle', data: null, error: null } as const;

/**
 * Runs an abortable request whenever its key changes (null: nothing to load). With
 * keepPrevious the previous data stay while the next load runs (no flashing layers); without,
 * a new key starts empty (a panel never shows the previous record under a new title).
 */
export function useAsync<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
  { keepPrevious = false }: { keepPrevious?: boolean } = {},
): AsyncState<T> & { retry(): void } {
  const [state, setState] = useState<AsyncState<T>>(IDLE);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key == null) {
      setState(IDLE);
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ status: 'loading', data: keepPrevious ? s.data : null, error: null }));
    load(ctl.signal).then(
      (data) => !ctl.signal.aborted && setState({ status: 'ready', data, error: null }),
      (error: unknown) => !ctl.signal.aborted && setState({ status: 'error', data: null, error }),
    );
    return () => ctl.abort();
    // `load` closes over the same inputs as `key`: the key alone decides when to reload
  }, [key, attempt]);
  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
