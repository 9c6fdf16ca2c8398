import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads on mount and when `deps` change; `every` (ms) refreshes while the page is open. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], every?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, error: undefined, loading: false }),
      (error: unknown) => mine === generation.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
    // `deps` are the caller's, as for useEffect: `load` is a new closure on every render.
  }, deps);
  useEffect(() => {
    run();
    if (!every) return;
    const timer = setInterval(run, every);
    return () => clearInterval(timer);
  }, [run, every]);
  return { ...state, reload: run };
}
