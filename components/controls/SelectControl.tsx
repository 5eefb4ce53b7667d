export interface SelectOption<T extends string> {
  value: T;
  label: string;
}

export interface SelectControlProps<T extends string> {
  label: string;
  testId: string;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  className?: string;
  /** the classroom control group this select belongs to (a link can hide it) */
  group?: string;
}

/** A labelled native select: keyboard and screen readers work as for any select. */
export function SelectControl<T extends string>(props: SelectControlProps<T>) {
  return (
    <label className={props.className ?? 'controls__select'} data-control-group={props.group}>
      <span>{props.label}</span>
      <select
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
