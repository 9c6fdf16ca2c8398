import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * Form fields with a visible label, an optional hint and an error, both tied to the control by
 * aria-describedby, and aria-invalid when the API refused the value.
 */
interface FieldProps {
  label: string;
  hint?: ComponentChildren;
  error?: string | undefined;
  required?: boolean;
}

function useDescribed(props: FieldProps) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const chrome = (control: ComponentChildren) => (
    <div class={`field${props.error ? ' invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required && <span class="required"> (required)</span>}
      </label>
      {props.hint && (
        <p id={hintId} class="hint">
          {props.hint}
        </p>
      )}
      {control}
      {props.error && (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
  return { id, describedBy, chrome, invalid: props.error ? true : undefined };
}

export function TextField(props: FieldProps & { value: string; onValue(v: string): void; type?: 'text' | 'email' | 'number' | 'date' | 'search' | 'url' | 'color'; name?: string; autoComplete?: string; inputMode?: 'numeric' | 'decimal' | 'email' | 'text'; maxLength?: number; list?: string }) {
  const f = useDescribed(props);
  return f.chrome(
    <input
      id={f.id}
      name={props.name}
      type={(props.type ?? 'text') as 'text'}
      value={props.value}
      required={props.required}
      aria-describedby={f.describedBy}
      aria-invalid={f.invalid}
      autoComplete={props.autoComplete ?? 'off'}
      inputMode={props.inputMode}
      maxLength={props.maxLength}
      list={props.list}
      onInput={(e) => props.onValue((e.target as HTMLInputElement).value)}
    />,
  );
}

export function TextArea(props: FieldProps & { value: string; onValue(v: string): void; rows?: number; maxLength?: number }) {
  const f = useDescribed(props);
  return f.chrome(
    <textarea
      id={f.id}
      rows={props.rows ?? 3}
      value={props.value}
      required={props.required}
      maxLength={props.maxLength}
      aria-describedby={f.describedBy}
      aria-invalid={f.invalid}
      onInput={(e) => props.onValue((e.target as HTMLTextAreaElement).value)}
    />,
  );
}

export function SelectField<T extends string>(props: FieldProps & { value: T; onValue(v: T): void; options: readonly (T | { value: T; label: string })[] }) {
  const f = useDescribed(props);
  return f.chrome(
    <select id={f.id} value={props.value} required={props.required} aria-describedby={f.describedBy} aria-invalid={f.invalid} onChange={(e) => props.onValue((e.target as HTMLSelectElement).value as T)}>
      {props.options.map((o) => {
        const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>,
  );
}

export function Checkbox(props: { label: string; checked: boolean; onValue(v: boolean): void; hint?: string }) {
  const id = useId();
  return (
    <div class="field checkbox">
      <input id={id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} onChange={(e) => props.onValue((e.target as HTMLInputElement).checked)} />
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}

/**
 * One choice of a few, all visible: a fieldset whose legend names the question, so that a screen
 * reader reads it with each option.
 */
export function Radios<T extends string>(props: { legend: string; value: T | undefined; onValue(v: T): void; options: readonly { value: T; label: string; disabled?: boolean }[]; hint?: string | undefined }) {
  const id = useId();
  return (
    <fieldset class="radios-field" aria-describedby={props.hint ? `${id}-hint` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <div class="radios">
        {props.options.map((o) => (
          <label key={o.value}>
            <input type="radio" name={id} value={o.value} checked={props.value === o.value} disabled={o.disabled} onChange={() => props.onValue(o.value)} /> {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
