import { memo } from 'react';
import type { CompareMode } from '../../src/config';
import type { KvExplanation } from '../../src/view-models/memory';

interface CompareExplanationProps {
  explanation: KvExplanation;
  compare: CompareMode;
}

/** The generated sentences; the one for the comparison on screen is marked. */
export const CompareExplanation = memo(function CompareExplanation({
  explanation,
  compare,
}: CompareExplanationProps) {
  const paragraphs: { mode: CompareMode | 'why'; text: string }[] = [
    { mode: 'head', text: explanation.head },
    { mode: 'param', text: explanation.param },
    { mode: 'why', text: explanation.why },
  ];
  return (
    <div className="kv-explanation" data-testid="kv-explanation">
      {paragraphs.map((p) => (
        <p
          key={p.mode}
          data-mode={p.mode}
          className={p.mode === compare ? 'kv-explanation__p kv-explanation__p--shown' : 'kv-explanation__p'}
        >
          {p.text}
        </p>
      ))}
    </div>
  );
});
