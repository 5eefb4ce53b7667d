import type { PlaygroundConfig } from '../../src/config';

export interface TryButtonProps {
  patch: Partial<PlaygroundConfig>;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** a classroom link locked the controls */
  disabled: boolean;
  children: string;
}

/** "Show MQA in the explorer": sets a few knobs so the panels show what the paragraph describes. */
export function TryButton({ patch, onChange, disabled, children }: TryButtonProps) {
  return (
    <button
      type="button"
      className="article__try button--quiet"
      disabled={disabled}
      onClick={() => onChange(patch)}
    >
      {children}
    </button>
  );
}
