import type { ImportEncoding } from '@leadlight/contract';

/** The API's upload limit (api/src/routes/imports.ts `maxImportBytes`): a bigger file is refused before sending. */
export const maxImportFileBytes = 64 * 1024 * 1024;
/** Data rows read locally for the column preview; the API reads the whole file in the dry run. */
export const previewRowCount = 8;

/** A file the screen cannot use as it is; `code` says what the user can do about it. */
export class CsvFileError extends Error {
  override name = 'CsvFileError';
  constructor(
    readonly code:
      | 'too_large'
      | 'unsupported_encoding'
      | 'not_text'
      | 'invalid_encoding'
      | 'unreadable_csv'
      | 'empty_file',
    message: string,
  ) {
    super(message);
  }
}

function countLinesBefore(text: string, end: number): number {
  let lines = 1;
  for (let index = 0; index < end; index += 1) if (text.charCodeAt(index) === 10) lines += 1;
  return lines;
}

/**
 * The file's text. UTF-8 is decoded strictly (replaced characters would corrupt names, as the API refuses them too);
 * `latin1` reads Windows-1252 / ISO-8859-1. The text is sent to the API as UTF-8 whatever the file's encoding.
 */
export function decodeCsvBytes(bytes: Uint8Array, encoding: ImportEncoding): string {
  if (bytes.length > maxImportFileBytes) {
    throw new CsvFileError(
      'too_large',
      `The file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; an import may be at most ${maxImportFileBytes / 1024 / 1024} MB. Split it and import the parts`,
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CsvFileError(
      'unsupported_encoding',
      'The file is UTF-16; save it as UTF-8 (CSV UTF-8) and choose it again',
    );
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = countLinesBefore(new TextDecoder('latin1').decode(bytes.subarray(0, nul)), nul);
    throw new CsvFileError(
      'not_text',
      `The file holds a NUL byte at line ${line}: it is not a CSV text file (a spreadsheet, or UTF-16?)`,
    );
  }
  if (encoding === 'latin1') return new TextDecoder('windows-1252').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const line = countLinesBefore(lenient, Math.max(0, lenient.indexOf('\uFFFD')));
    throw new CsvFileError(
      'invalid_encoding',
      `The file is not valid UTF-8 (line ${line}). If it was saved as Latin-1 / Windows-1252 (older Excel), choose that encoding`,
    );
  }
}

export interface CsvPreview {
  header: string[];
  /** The first data rows (at most `rowLimit`). */
  rows: string[][];
}

/**
 * The header and first rows, read with csv-parse (its browser build, loaded only when a file is chosen so the rest
 * of the dashboard does not carry it). Cells are kept as written: the mapping decides what they mean.
 */
export async function readCsvPreview(text: string, rowLimit = previewRowCount): Promise<CsvPreview> {
  const { parse } = await import('csv-parse/browser/esm/sync');
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      to: rowLimit + 1,
    }) as string[][];
  } catch (error) {
    throw new CsvFileError('unreadable_csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || header.every((cell) => cell.trim() === '')) {
    throw new CsvFileError('empty_file', 'The file is empty: a header row naming the columns is needed');
  }
  return { header, rows };
}
