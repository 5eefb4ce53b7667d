import { KIND_LABELS } from '../../src/spec';
import { formatInteger } from '../../src/view-models/memory';
import { attentionLabel } from '../../src/config/model-spec';
import type { SpecAdjustment } from '../../src/config/model-spec';
import type { ModelShape, ModelInfo } from '../../src/spec';

export interface ModelSummaryProps {
  shape: ModelShape | null;
  adjustments: readonly SpecAdjustment[];
  model: ModelInfo | null;
}

const DATA_LABEL = { corpus: 'bundled corpus', recall: 'associative recall', custom: 'your text' } as const;

/** The model that trains: its shape, size and data, and what was fitted from the explorer's knobs. */
export function ModelSummary({ shape, adjustments, model }: ModelSummaryProps) {
  const attn = model?.config.attention ?? shape?.attention;
  return (
    <div className="model-summary" data-testid="model-summary">
      {attn && shape ? (
        <p>
          <strong>{KIND_LABELS[attn.kind]}</strong> {attentionLabel(attn)}, d={shape.dModel}, L={shape.layers}
          , context {shape.maxSeqLen}
          {model ? (
            <>
              {' '}
              · <span data-testid="model-params">{formatInteger(model.parameters)}</span> parameters ·
              vocabulary {model.config.vocabSize} · {DATA_LABEL[model.dataset.kind]}
              {model.dataset.trainTokens > 0
                ? ` (${formatInteger(model.dataset.trainTokens)} training / ${formatInteger(model.dataset.validTokens)} validation characters)`
                : ' (generated sequences)'}
            </>
          ) : null}
        </p>
      ) : null}
      {adjustments.length > 0 ? (
        <ul
          className="model-summary__adjustments"
          data-testid="model-adjustments"
          aria-label="Fitted to the small model"
        >
          {adjustments.map((a) => (
            <li key={a.key} data-key={a.key}>
              {a.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
