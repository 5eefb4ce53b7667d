/**
 * An SVG element as text for snapshot tests: numbers rounded to one decimal and React's generated ids
 * renumbered in order of appearance, one element per line, so a snapshot changes only when what is drawn
 * changes (the way Observable Plot tests its marks).
 */
export function normalisedSvg(svg: Element): string {
  const ids = new Map<string, string>();
  return svg.outerHTML
    .replace(/_r_[0-9a-z]+_|:r[0-9a-z]+:/g, (id) => {
      if (!ids.has(id)) ids.set(id, `id${ids.size}`);
      return ids.get(id)!;
    })
    .replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10))
    .replace(/></g, '>\n<');
}
