import { formatInteger, formatRatio } from '../../src/view-models/memory';
import type { CacheComparison } from '../../src/view-models/factors';

export interface CachedFactorsProps {
  cache: CacheComparison;
}

/** What TPA keeps in the KV cache for this token (per layer) next to what MHA would keep. */
export function CachedFactors({ cache }: CachedFactorsProps) {
  return (
    <div className="factor-cache">
      <div className="factor-table__scroll" tabIndex={0} role="region" aria-label="Cached factors">
        <table data-testid="factor-cache">
          <caption>Cached per token and layer (float32)</caption>
          <thead>
            <tr>
              <th scope="col">tensor</th>
              <th scope="col">shape</th>
              <th scope="col">numbers</th>
              <th scope="col">bytes</th>
            </tr>
          </thead>
          <tbody>
            {cache.tensors.map((t) => (
              <tr key={t.name} data-name={t.name}>
                <th scope="row">{t.name}</th>
                <td>
                  {t.shape[0]} × {t.shape[1]}
                </td>
                <td data-value={t.elements}>{formatInteger(t.elements)}</td>
                <td data-value={t.bytes}>{formatInteger(t.bytes)}</td>
              </tr>
            ))}
            <tr data-name="tpa-total" className="factor-cache__total">
              <th scope="row">TPA in all</th>
              <td>(R_K+R_V)(h+d_h)</td>
              <td data-value={cache.elements}>{formatInteger(cache.elements)}</td>
              <td data-value={cache.bytes}>{formatInteger(cache.bytes)}</td>
            </tr>
            <tr data-name="mha">
              <th scope="row">MHA: K and V</th>
              <td>2·h·d_h</td>
              <td data-value={cache.mhaElements}>{formatInteger(cache.mhaElements)}</td>
              <td data-value={cache.mhaBytes}>{formatInteger(cache.mhaBytes)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p className="factor-note">
        {cache.saving >= 1
          ? `MHA would keep ${formatRatio(cache.saving)} as much for this token.`
          : `At these ranks TPA keeps ${formatRatio(1 / cache.saving)} as much as MHA would: R_K + R_V is large next to h·d_h/(h + d_h).`}{' '}
        Q is not cached: its factors are used once, for this token’s own attention.
      </p>
    </div>
  );
}
