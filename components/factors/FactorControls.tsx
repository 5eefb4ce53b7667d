import { useId } from 'react';
import type { FactorPart } from '../../src/spec';
import { RangeControl } from '../controls';

export type RankKey = 'rankQ' | 'rankK' | 'rankV';

export interface RankSlider {
  key: RankKey;
  label: string;
  /** the rank the model uses */
  value: number;
  /** the rank the settings ask for (may be above what this model can use) */
  requested: number;
  max: number;
}

export interface FactorControlsProps {
  text: string;
  onText: (text: string) => void;
  /** labels of the inspected tokens */
  tokens: readonly string[];
  token: number;
  onToken: (token: number) => void;
  layers: number;
  layer: number;
  onLayer: (layer: number) => void;
  heads: number;
  head: number;
  onHead: (head: number) => void;
  part?: FactorPart;
  parts?: readonly FactorPart[];
  onPart?: (part: FactorPart) => void;
  ranks?: readonly RankSlider[];
  onRank?: (key: RankKey, value: number) => void;
  /** classroom lock: the settings (ranks) are read-only */
  locked?: boolean;
  /** prefix for test ids, e.g. "factor" */
  idPrefix: string;
}

const MAX_TEXT = 48;
const PART_LABELS: Record<FactorPart, string> = { q: 'Q', k: 'K', v: 'V' };
const count = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Text, token, layer, head, Q/K/V and rank pickers shared by the factor panels; native inputs only. */
export function FactorControls(props: FactorControlsProps) {
  const id = useId();
  const p = props.idPrefix;
  return (
    <div className="factor-controls">
      <div className="factor-controls__row">
        <label className="factor-field factor-field--text">
          <span>Text to inspect</span>
          <input
            type="text"
            value={props.text}
            maxLength={MAX_TEXT}
            onChange={(e) => props.onText(e.currentTarget.value)}
            data-testid={`${p}-text`}
          />
        </label>
        <label className="factor-field">
          <span>Layer</span>
          <select
            value={props.layer}
            onChange={(e) => props.onLayer(Number(e.currentTarget.value))}
            data-testid={`${p}-layer`}
          >
            {count(props.layers).map((l) => (
              <option key={l} value={l}>
                {l + 1} of {props.layers}
              </option>
            ))}
          </select>
        </label>
        <label className="factor-field">
          <span>Head</span>
          <select
            value={props.head}
            onChange={(e) => props.onHead(Number(e.currentTarget.value))}
            data-testid={`${p}-head`}
          >
            {count(props.heads).map((h) => (
              <option key={h} value={h}>
                {h}
              </option>
            ))}
          </select>
        </label>
        {props.parts && props.onPart ? (
          <fieldset className="factor-choice" data-testid={`${p}-part`}>
            <legend>Assemble</legend>
            {props.parts.map((part) => (
              <label key={part}>
                <input
                  type="radio"
                  name={`${id}-part`}
                  value={part}
                  checked={props.part === part}
                  onChange={() => props.onPart?.(part)}
                />
                {PART_LABELS[part]}
              </label>
            ))}
          </fieldset>
        ) : null}
      </div>
      {props.tokens.length > 0 ? (
        <fieldset className="factor-tokens" data-testid={`${p}-tokens`}>
          <legend>Token (its position is its index)</legend>
          {props.tokens.map((label, t) => (
            <label key={t} className="chip factor-token" title={`position ${t}`}>
              <input
                type="radio"
                name={`${id}-token`}
                value={t}
                checked={props.token === t}
                onChange={() => props.onToken(t)}
                aria-label={`position ${t}: ${label}`}
              />
              <span aria-hidden="true">{label}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      {props.ranks && props.onRank ? (
        <div className="factor-ranks">
          {props.ranks.map((r) => (
            <RangeControl
              key={r.key}
              label={r.label}
              display={String(r.value)}
              position={r.value - 1}
              min={0}
              max={r.max - 1}
              onInput={(pos) => props.onRank?.(r.key, pos + 1)}
              testId={`${p}-${r.key}`}
              disabled={props.locked ?? false}
              hint={
                r.requested !== r.value
                  ? `The settings ask for ${r.requested}; this model can use at most ${r.max} (min(h, d_h)).`
                  : undefined
              }
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
