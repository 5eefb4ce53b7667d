import { Suspense, lazy, useState } from 'react';
import type { ImportExportProps } from './ImportExportBody';

/** The readers and writers load when the section is first opened, keeping them off the first screen. */
const ImportExportBody = lazy(() => import('./ImportExportBody'));

export function ImportExport(props: ImportExportProps) {
  const [opened, setOpened] = useState(false);
  return (
    <details
      className="import-export-section"
      data-control-group="import"
      data-testid="import-export"
      onToggle={(e) => {
        if (e.currentTarget.open) setOpened(true);
      }}
    >
      <summary>Import a model · export</summary>
      {opened ? (
        <Suspense fallback={<p className="controls__note">Loading…</p>}>
          <ImportExportBody {...props} />
        </Suspense>
      ) : null}
    </details>
  );
}
