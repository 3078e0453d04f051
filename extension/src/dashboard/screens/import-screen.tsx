import {
  type ColumnMapping,
  type ImportDuplicateMode,
  type ImportEncoding,
  type ImportJob,
  ImportJobResponseSchema,
} from '@leadlight/contract';
import {
  buildPresetMapping,
  createRowMapper,
  detectPreset,
  type PresetDetection,
  type PresetName,
  presetNames,
} from '@leadlight/import';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { callApi } from '../api';
import { buildHash } from '../routes';
import type { ScreenProps } from '../screen-props';
import { describeProblem, type ImportProblem, ProblemBox } from './import/describe-problem';
import { setColumnTarget } from './import/edit-mapping';
import { isJobRunning, JobReport } from './import/job-report';
import { MappingEditor } from './import/mapping-editor';
import { CsvFileError, decodeCsvBytes, maxImportFileBytes, readCsvPreview } from './import/read-csv-file';
import { RecentImports } from './import/recent-imports';

/** How often a running job is asked for its progress. */
export const importPollIntervalMs = 400;
/** Polls that may fail in a row (a restarting service worker, a blip) before the screen gives up and says so. */
const maxPollFailures = 5;

const presetLabels: Record<PresetName, string> = {
  'x-education': 'X Education',
  salesforce: 'Salesforce',
  hubspot: 'HubSpot',
  generic: 'Generic (guessed from the column names)',
};

interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

interface LoadedFile extends ChosenFile {
  encoding: ImportEncoding;
  text: string;
  header: string[];
  rows: string[][];
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isSameHeader(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((cell, index) => cell === b[index]);
}

/**
 * CSV import for marketers and admins: choose or drop a file, check the detected preset or map columns by hand with
 * the first rows in view, dry run (counts, rejected rows with reasons), then import with progress. A failure never
 * clears the chosen file or the mapping: fix and retry.
 */
export function ImportScreen({ navigate }: ScreenProps) {
  const [file, setFile] = useState<LoadedFile | null>(null);
  const [fileProblem, setFileProblem] = useState<ImportProblem | null>(null);
  const [isReading, setIsReading] = useState(false);
  const [isDragging, setIsDragging] = useState(false);
  const [encoding, setEncoding] = useState<ImportEncoding>('utf-8');
  const [detection, setDetection] = useState<PresetDetection | null>(null);
  const [preset, setPreset] = useState<PresetName>('generic');
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [isEdited, setIsEdited] = useState(false);
  const [duplicates, setDuplicates] = useState<ImportDuplicateMode>('report');
  // Bumped by every change that would alter a dry run's answer, so an older dry run is marked as such.
  const [settingsVersion, setSettingsVersion] = useState(0);
  const [report, setReport] = useState<{ job: ImportJob; settingsVersion: number | null } | null>(null);
  const [runProblem, setRunProblem] = useState<ImportProblem | null>(null);
  const [isSending, setIsSending] = useState(false);
  const [recentKey, setRecentKey] = useState(0);
  const lastChosen = useRef<ChosenFile | null>(null);
  const isMounted = useRef(true);
  useEffect(
    () => () => {
      isMounted.current = false;
    },
    [],
  );

  const loadFile = async (chosen: ChosenFile, nextEncoding: ImportEncoding) => {
    setIsReading(true);
    setFileProblem(null);
    try {
      const text = decodeCsvBytes(chosen.bytes, nextEncoding);
      const { header, rows } = await readCsvPreview(text);
      const keepsEdits = file !== null && isEdited && mapping !== null && isSameHeader(file.header, header);
      setFile({ ...chosen, encoding: nextEncoding, text, header, rows });
      if (!keepsEdits) {
        const detected = detectPreset(header);
        setDetection(detected);
        setPreset(detected.preset);
        setMapping(buildPresetMapping(detected.preset, header));
        setIsEdited(false);
      }
      setSettingsVersion((version) => version + 1);
      setRunProblem(null);
    } catch (error) {
      setFileProblem(describeProblem(error));
    } finally {
      setIsReading(false);
    }
  };

  const chooseFile = async (chosen: File | null | undefined) => {
    if (!chosen) return;
    if (chosen.size > maxImportFileBytes) {
      setFileProblem(
        describeProblem(
          new CsvFileError(
            'too_large',
            `${chosen.name} is ${formatBytes(chosen.size)}; an import may be at most ${formatBytes(maxImportFileBytes)}. Split it and import the parts`,
          ),
        ),
      );
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await chosen.arrayBuffer());
    } catch (error) {
      setFileProblem(
        describeProblem(new Error(`${chosen.name} could not be read: ${(error as Error).message}`)),
      );
      return;
    }
    lastChosen.current = { name: chosen.name, bytes };
    await loadFile(lastChosen.current, encoding);
  };

  const changeEncoding = (next: ImportEncoding) => {
    setEncoding(next);
    if (lastChosen.current) void loadFile(lastChosen.current, next);
  };

  const changePreset = (next: PresetName) => {
    if (!file) return;
    setPreset(next);
    setMapping(buildPresetMapping(next, file.header));
    setIsEdited(false);
    setSettingsVersion((version) => version + 1);
  };

  const changeTarget = (column: string, target: string) => {
    if (!mapping) return;
    setMapping(setColumnTarget(mapping, column, target));
    setIsEdited(true);
    setSettingsVersion((version) => version + 1);
  };

  const run = async (isDryRun: boolean) => {
    if (!file || !mapping || isSending) return;
    setIsSending(true);
    setRunProblem(null);
    const version = settingsVersion;
    try {
      let { job } = await callApi('POST', '/imports', ImportJobResponseSchema, {
        // A hand-edited mapping is sent whole; otherwise the API builds the preset's mapping from the same header.
        query: { dryRun: isDryRun, duplicates, preset: isEdited ? undefined : preset },
        upload: {
          fileName: file.name,
          csv: file.text,
          mapping: isEdited ? JSON.stringify(mapping) : undefined,
        },
      });
      const show = (current: ImportJob) =>
        isMounted.current && setReport({ job: current, settingsVersion: isDryRun ? version : null });
      show(job);
      setRecentKey((key) => key + 1);
      let failures = 0;
      while (isJobRunning(job) && isMounted.current) {
        await sleep(importPollIntervalMs);
        try {
          job = (await callApi('GET', `/imports/${encodeURIComponent(job.id)}`, ImportJobResponseSchema)).job;
          failures = 0;
          show(job);
        } catch (error) {
          failures += 1;
          if (failures >= maxPollFailures) throw error;
        }
      }
      setRecentKey((key) => key + 1);
    } catch (error) {
      if (isMounted.current) setRunProblem(describeProblem(error));
    } finally {
      if (isMounted.current) setIsSending(false);
    }
  };

  const job = report?.job ?? null;
  const isStale =
    report !== null && report.settingsVersion !== null && report.settingsVersion !== settingsVersion;
  // The editor lists the header's problems; sending would only fail the job with the same words.
  const hasHeaderProblem = useMemo(
    () => (file && mapping ? createRowMapper(file.header, mapping).headerErrors.length > 0 : false),
    [file, mapping],
  );

  return (
    <section class="ll-imp" data-testid="import-screen">
      <h1>Import leads</h1>
      <p class="ll-imp-muted">
        A CSV export from X Education, Salesforce, HubSpot or any list with a header row. Check the mapping,
        run a dry run (nothing is stored), then import.
      </p>

      <fieldset
        class={`ll-imp-drop${isDragging ? ' ll-imp-drop-active' : ''}`}
        data-testid="imp-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setIsDragging(false);
          void chooseFile(event.dataTransfer?.files[0]);
        }}
      >
        <legend class="ll-imp-visually-hidden">CSV file</legend>
        <label class="ll-c-button ll-imp-file">
          <span>{file ? 'Choose another CSV file…' : 'Choose a CSV file…'}</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            data-testid="imp-file-input"
            onChange={(event) => {
              const input = event.currentTarget;
              const chosen = input.files?.[0];
              // Cleared so choosing the same file again (after fixing it on disk) reads it again.
              input.value = '';
              void chooseFile(chosen);
            }}
          />
        </label>
        <span class="ll-imp-muted"> or drop it here (at most {formatBytes(maxImportFileBytes)}).</span>
        {isReading ? <p role="status">Reading the file…</p> : null}
        {file ? (
          <p data-testid="imp-file-name">
            <strong>{file.name}</strong> · {formatBytes(file.bytes.length)} · {file.header.length} columns
          </p>
        ) : null}
        <label class="ll-c-field ll-imp-field">
          Encoding{' '}
          <select
            value={encoding}
            onChange={(event) => changeEncoding(event.currentTarget.value as ImportEncoding)}
            data-testid="imp-encoding"
          >
            <option value="utf-8">UTF-8</option>
            <option value="latin1">Latin-1 / Windows-1252 (older Excel)</option>
          </select>
        </label>
      </fieldset>
      {fileProblem ? (
        <ProblemBox
          title={
            file
              ? `This file cannot be used; ${file.name} is still the one chosen`
              : 'This file cannot be used'
          }
          problem={fileProblem}
          testId="imp-file-error"
        />
      ) : null}

      {file && mapping ? (
        <>
          <div class="ll-imp-options">
            <label class="ll-c-field ll-imp-field">
              Mapping{' '}
              <select
                value={isEdited ? 'edited' : preset}
                onChange={(event) => changePreset(event.currentTarget.value as PresetName)}
                data-testid="imp-preset"
              >
                {presetNames.map((name) => (
                  <option key={name} value={name}>
                    {presetLabels[name]}
                    {detection?.preset === name ? ' (detected)' : ''}
                  </option>
                ))}
                {isEdited ? (
                  <option value="edited" disabled>
                    {mapping.name}
                  </option>
                ) : null}
              </select>
            </label>
            {detection ? (
              <span class="ll-imp-muted" data-testid="imp-detected">
                Detected from the header: {presetLabels[detection.preset]} (knows{' '}
                {Math.round(detection.coverage * 100)}% of the columns)
              </span>
            ) : null}
            <label class="ll-c-field ll-imp-field">
              People already known{' '}
              <select
                value={duplicates}
                onChange={(event) => {
                  setDuplicates(event.currentTarget.value as ImportDuplicateMode);
                  setSettingsVersion((version) => version + 1);
                }}
                data-testid="imp-duplicates"
              >
                <option value="report">Skip and list them</option>
                <option value="merge">Fill the gaps of the existing lead</option>
              </select>
            </label>
          </div>

          <details class="ll-imp-raw" open>
            <summary>The file's first rows</summary>
            <div class="ll-imp-scroll">
              <table class="ll-imp-table" data-testid="imp-raw-preview">
                <thead>
                  <tr>
                    {file.header.map((cell, index) => (
                      <th key={index} scope="col">
                        {cell}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {file.rows.map((row, rowIndex) => (
                    <tr key={rowIndex}>
                      {file.header.map((_, index) => (
                        <td key={index}>{row[index] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>

          <MappingEditor
            header={file.header}
            rows={file.rows}
            mapping={mapping}
            onChangeTarget={changeTarget}
          />

          <div class="ll-imp-actions">
            <button
              type="button"
              class="ll-c-button"
              disabled={isSending || hasHeaderProblem}
              onClick={() => void run(true)}
              data-testid="imp-dry-run-button"
            >
              Dry run
            </button>
            <button
              type="button"
              class="ll-c-button ll-c-primary"
              disabled={isSending || hasHeaderProblem}
              onClick={() => void run(false)}
              data-testid="imp-import-button"
            >
              Import {file.name}
            </button>
            {isSending ? <span role="status">Working…</span> : null}
          </div>
        </>
      ) : null}

      {runProblem ? (
        <ProblemBox title="The server did not take the file" problem={runProblem} testId="imp-run-error" />
      ) : null}
      {job ? <JobReport job={job} isStale={isStale} /> : null}
      {job && !job.isDryRun && job.status === 'completed' && job.progress.review > 0 ? (
        <p>
          <button type="button" class="ll-imp-link" onClick={() => navigate(buildHash('review'))}>
            Open the review queue ({job.progress.review} imported leads wait there)
          </button>
        </p>
      ) : null}
      <RecentImports
        refreshKey={recentKey}
        onOpen={(opened) => setReport({ job: opened, settingsVersion: null })}
      />
    </section>
  );
}
