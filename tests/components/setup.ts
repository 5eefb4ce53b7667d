import { afterEach } from 'vitest';
import { cleanup, configure } from '@testing-library/react';

afterEach(() => cleanup());

// findBy*/waitFor give up after this long. The default (1 s) is too short for panels that re-render on
// every step of a fake run when CI shares two CPUs with other jobs; a broken test still fails, later.
configure({ asyncUtilTimeout: 8000 });
