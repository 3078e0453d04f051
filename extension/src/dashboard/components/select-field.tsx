import { useId } from 'preact/hooks';

/** A labelled select over a fixed set of choices (value → label): the dashboard's filter control. */
export function SelectField<Value extends string>({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: Value;
  /** In display order. */
  options: Readonly<Record<Value, string>>;
  onChange: (value: Value) => void;
  testId: string;
}) {
  const id = useId();
  return (
    <span class="ll-c-field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value as Value)}
      >
        {(Object.keys(options) as Value[]).map((option) => (
          <option key={option} value={option}>
            {options[option]}
          </option>
        ))}
      </select>
    </span>
  );
}
