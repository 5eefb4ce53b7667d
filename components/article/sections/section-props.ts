import type { PlaygroundConfig } from '../../../src/config';
import type { ArticleNumbers } from '../../../src/view-models/article/article-numbers';

export interface SectionProps {
  n: ArticleNumbers;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** a classroom link locked the controls: the "show me" buttons are disabled */
  locked: boolean;
}
