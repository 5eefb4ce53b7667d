import { useId, useMemo, useRef, useState } from 'react';
import type { PlaygroundConfig } from '../../src/config';
import {
  exportT6Config,
  importTooLong,
  memoryCsvFileName,
  memoryTableCsv,
  readModelConfig,
} from '../../src/import-export';
import type { ImportResult } from '../../src/import-export';
import { downloadText } from './download';
import { importSummary } from './import-summary';

export interface ImportExportProps {
  config: PlaygroundConfig;
  onChange: (patch: Partial<PlaygroundConfig>) => void;
  /** a classroom link locked the controls: importing would change them */
  locked: boolean;
}

/** Paste a model config to fill the explorer; download the model as a T6 training config or the table as CSV. */
export default function ImportExportBody({ config, onChange, locked }: ImportExportProps) {
  // uncontrolled: a re-render never copies a large paste back into the box
  const box = useRef<HTMLTextAreaElement>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [reading, setReading] = useState(false);
  const readSeq = useRef(0);
  const ids = useId();
  const t6 = useMemo(() => exportT6Config(config), [config]);

  // parsed off the page's thread; a later read makes an earlier answer stale
  const read = () => {
    const seq = ++readSeq.current;
    setReading(true);
    void readModelConfig(box.current?.value ?? '').then((outcome) => {
      if (seq !== readSeq.current) return;
      setReading(false);
      setResult(outcome);
      if (outcome.ok) onChange(outcome.patch);
    });
  };

  // a paste over the limit is refused before the box takes it (taking 11 MB alone stalls the page)
  const onPaste = (e: React.ClipboardEvent<HTMLTextAreaElement>) => {
    const tooLong = importTooLong(e.clipboardData.getData('text').length);
    if (!tooLong) return;
    e.preventDefault();
    readSeq.current++;
    setReading(false);
    setResult({ ok: false, error: tooLong });
  };

  return (
    <div className="import-export">
      <h3 className="import-export__title">Import a model</h3>
      <label htmlFor={`${ids}-paste`} className="import-export__label">
        Paste a Hugging Face <code>config.json</code> (Llama, Mistral, Qwen, Gemma, DeepSeek…) or a T6
        training config (up to 1 MB)
      </label>
      <textarea
        id={`${ids}-paste`}
        data-testid="import-text"
        rows={5}
        spellCheck={false}
        ref={box}
        defaultValue=""
        disabled={locked}
        onPaste={onPaste}
      />
      <button type="button" data-testid="import-read" onClick={read} disabled={locked}>
        Read it
      </button>
      {reading ? <p className="controls__note">Reading…</p> : null}
      <div role="status" className="import-export__result" data-testid="import-result">
        {result?.ok ? (
          <>
            <p>
              Read <strong>{result.source}</strong>: {importSummary(result.patch)}.
            </p>
            {result.notes.length > 0 ? (
              <ul>
                {result.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
        {result && !result.ok ? <p className="import-export__error">{result.error}</p> : null}
      </div>

      <h3 className="import-export__title">Export</h3>
      <div className="import-export__actions">
        <button
          type="button"
          data-testid="export-t6"
          onClick={() => downloadText(t6.fileName, t6.text, 'text/x-python')}
        >
          T6 training config (.py)
        </button>
        <button
          type="button"
          data-testid="export-csv"
          onClick={() => downloadText(memoryCsvFileName(config), memoryTableCsv(config), 'text/csv')}
        >
          Memory table (.csv)
        </button>
      </div>
      {t6.notes.length > 0 ? (
        <ul className="import-export__notes" data-testid="export-notes">
          {t6.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>Show the training config</summary>
        <pre
          className="import-export__preview"
          tabIndex={0}
          aria-label="T6 training config"
          data-testid="export-preview"
        >
          {t6.text}
        </pre>
      </details>
    </div>
  );
}
