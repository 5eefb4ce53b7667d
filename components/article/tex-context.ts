import { createContext } from 'react';
import type { RenderTex } from './katex-loader';

/** KaTeX once loaded, null until then (formulas show their plain-text form meanwhile). */
export const TexContext = createContext<RenderTex | null>(null);
