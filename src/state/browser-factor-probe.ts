/**
 * The page's one FactorProbe, created by the first factor, RoPE or special-case panel that renders,
 * on the page's model runtime (see browser-runtime.ts).
 */
import { getBrowserRuntime, getModelClient } from './browser-runtime';
import { FactorProbe } from '../runtime/factor-probe';

let probe: FactorProbe | undefined;

export function getFactorProbe(): FactorProbe {
  probe ??= new FactorProbe({ client: getModelClient(), models: getBrowserRuntime().store });
  return probe;
}
