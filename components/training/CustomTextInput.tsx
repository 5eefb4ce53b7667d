import { useId } from 'react';
import { minPastedChars } from '../../src/data';
import { formatInteger } from '../../src/view-models/memory';

export interface CustomTextInputProps {
  text: string;
  contextLength: number;
  onChange: (text: string) => void;
  disabled?: boolean;
}

/** The reader's own training text (kept in this browser). Says how much is needed at this context. */
export function CustomTextInput({ text, contextLength, onChange, disabled }: CustomTextInputProps) {
  const id = useId();
  const need = minPastedChars(contextLength);
  const have = [...text].length;
  return (
    <div className="custom-text">
      <label htmlFor={id}>Your training text</label>
      <textarea
        id={id}
        rows={5}
        value={text}
        disabled={disabled}
        placeholder="Paste any text: a poem, code, a few pages of a book…"
        onChange={(e) => onChange(e.currentTarget.value)}
        aria-describedby={`${id}-count`}
        data-testid="custom-text"
      />
      <p id={`${id}-count`} className="training-note">
        {formatInteger(have)} characters
        {have < need ? `; at least ${formatInteger(need)} needed at context ${contextLength}` : ''}. 90% is
        trained on, the last 10% validates. Kept in this browser only.
      </p>
    </div>
  );
}
