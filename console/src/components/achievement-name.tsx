import { useEffect, useState } from 'preact/hooks';
import { ok } from '../api';
import { useConsole } from '../context';

/** Names already asked for in this tab, by achievement id: a list of forty rows asks once per achievement. */
const names = new Map<string, Promise<string | undefined>>();

/**
 * An achievement by its name, as staff know it, with its id for those who search by it; the id
 * alone while the name loads, or when it cannot be read.
 */
export function AchievementName({ id }: { id: string }) {
  const { api } = useConsole();
  const [name, setName] = useState<string | undefined>();
  useEffect(() => {
    let asked = names.get(id);
    if (!asked) {
      asked = ok(api.GET('/achievements/{id}', { params: { path: { id } } })).then(
        (a) => a.name,
        () => undefined,
      );
      names.set(id, asked);
    }
    let current = true;
    void asked.then((n) => current && setName(n));
    return () => {
      current = false;
    };
  }, [id]);
  return name ? (
    <>
      {name} <span class="muted">({id})</span>
    </>
  ) : (
    <>{id}</>
  );
}
