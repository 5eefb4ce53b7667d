import { useContext, useMemo } from 'react';
import { TexContext } from './tex-context';

export interface TexProps {
  /** the formula in TeX */
  tex: string;
  /** the same formula as readable plain text, shown until KaTeX has loaded */
  text: string;
  /** a formula on its own line */
  block?: boolean;
}

/**
 * A formula: typeset by KaTeX (HTML for the eye, MathML for screen readers) once it has loaded, plain text
 * before. The TeX is our own, built from numbers, so rendering it as HTML is safe; KaTeX's `trust` stays off.
 */
export function Tex({ tex, text, block = false }: TexProps) {
  const render = useContext(TexContext);
  const html = useMemo(
    // Block formulas are typeset inline in display style: KaTeX can then break them after = or × on a
    // narrow screen, where display mode would overflow.
    () =>
      render
        ? render(block ? `\\displaystyle ${tex}` : tex, { throwOnError: false, output: 'htmlAndMathml' })
        : null,
    [render, tex, block],
  );
  const className = block ? 'tex tex--block' : 'tex';
  if (html === null) {
    return (
      <span className={`${className} tex--plain`} data-testid="tex">
        {text}
      </span>
    );
  }
  return <span className={className} data-testid="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}
