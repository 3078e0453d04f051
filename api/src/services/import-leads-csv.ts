import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportEncoding } from '@leadlight/contract';
import { type CsvError, parse } from 'csv-parse';

/** Where the CSV bytes come from; `open` is called once per pass (the importer reads a file twice: count, import). */
export interface CsvSource {
  name: string | null;
  open(): AsyncIterable<Uint8Array>;
}

const sliceBytes = 64 * 1024;

export function createFileSource(path: string, name: string | null = path): CsvSource {
  return { name, open: () => createReadStream(path, { highWaterMark: sliceBytes }) };
}

/** An uploaded body held in memory, read in 64 KiB slices like a file. */
export function createBufferSource(bytes: Uint8Array, name: string | null): CsvSource {
  return {
    name,
    async *open() {
      for (let start = 0; start < bytes.length; start += sliceBytes) {
        yield bytes.subarray(start, start + sliceBytes);
      }
    },
  };
}

/** A problem with the whole file: nothing of it is imported. */
export class ImportFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** Offset of the first byte that cannot start or continue a UTF-8 sequence (-1 if none before the end). */
function findInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  // A sequence cut by the previous slice leaves up to 3 continuation bytes here.
  while (index < 3 && index < bytes.length && ((bytes[index] as number) & 0xc0) === 0x80) index += 1;
  while (index < bytes.length) {
    const byte = bytes[index] as number;
    let needed: number;
    if (byte < 0x80) needed = 0;
    else if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
    else if (byte >= 0xe0 && byte <= 0xef) needed = 2;
    else if (byte >= 0xf0 && byte <= 0xf4) needed = 3;
    else return index;
    for (let step = 1; step <= needed; step += 1) {
      if (index + step >= bytes.length) return -1;
      if (((bytes[index + step] as number) & 0xc0) !== 0x80) return index;
    }
    index += needed + 1;
  }
  return -1;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let lines = 0;
  for (let index = 0; index < end; index += 1) if (bytes[index] === 0x0a) lines += 1;
  return lines;
}

/**
 * Decodes the bytes to text. UTF-8 is checked strictly: a file in another encoding is refused naming the first bad
 * byte and its line (silently replaced characters would corrupt names); `latin1` transcodes Windows-1252 / ISO-8859-1.
 * UTF-16 and binary files are refused.
 */
async function* decodeChunks(source: CsvSource, encoding: ImportEncoding): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding === 'latin1' ? 'windows-1252' : 'utf-8', { fatal: true });
  let offset = 0;
  let lines = 0;
  let isFirst = true;
  for await (const chunk of source.open()) {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    if (isFirst && bytes.length > 0) {
      isFirst = false;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new ImportFileError(
          'unsupported_encoding',
          'The file is UTF-16; save it as UTF-8 (CSV UTF-8) and retry',
        );
      }
    }
    const nul = bytes.indexOf(0);
    if (nul !== -1) {
      throw new ImportFileError(
        'not_text',
        `The file holds a NUL byte at line ${lines + countNewlines(bytes, nul) + 1}: it is not a CSV text file (UTF-16 or binary?)`,
        { offset: offset + nul },
      );
    }
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      const bad = Math.max(0, findInvalidUtf8(bytes));
      const line = lines + countNewlines(bytes, bad) + 1;
      const byte = (bytes[bad] ?? 0).toString(16).toUpperCase().padStart(2, '0');
      throw new ImportFileError(
        'invalid_encoding',
        `The file is not valid UTF-8: byte 0x${byte} at line ${line}. Save it as UTF-8, or import it with encoding=latin1 if it is Latin-1 / Windows-1252`,
        { line, offset: offset + bad, byte: `0x${byte}` },
      );
    }
    offset += bytes.length;
    lines += countNewlines(bytes);
  }
  try {
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch {
    throw new ImportFileError(
      'invalid_encoding',
      `The file is not valid UTF-8: it ends inside a multi-byte character (line ${lines + 1})`,
      { line: lines + 1, offset },
    );
  }
}

/** The header (row 1), then every row in order: parsed cells, or the parser's complaint about that row. */
export type CsvItem =
  | { kind: 'header'; cells: string[] }
  | { kind: 'row'; rowNumber: number; cells: string[] }
  | { kind: 'bad'; rowNumber: number; message: string };

/**
 * Streams a CSV with csv-parse. A row with broken quoting inside it (e.g. `a"b`) becomes a `bad` item and the rest
 * goes on; a quote never closed swallows the rest of the file, so it is a file error (nothing is imported).
 */
export async function* readCsv(source: CsvSource, encoding: ImportEncoding): AsyncGenerator<CsvItem> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  const skipped: CsvError[] = [];
  let fatal: CsvError | undefined;
  parser.on('skip', (error: CsvError) => {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') fatal = error;
    // One broken record can raise several complaints on its line: it is still one row.
    else if (skipped.at(-1)?.lines !== error.lines || error.lines === undefined) skipped.push(error);
  });
  const input = Readable.from(decodeChunks(source, encoding));
  const done = pipeline(input, parser);
  // Errors surface through the iteration below; this keeps an early stop from leaving a rejection unhandled.
  done.catch(() => undefined);
  let rowNumber = 0;
  let lastLine = 0;
  function* flushSkipped(beforeLine: number): Generator<CsvItem> {
    while (skipped.length > 0 && ((skipped[0]?.lines as number | undefined) ?? 0) < beforeLine) {
      const error = skipped.shift() as CsvError;
      rowNumber += 1;
      yield { kind: 'bad', rowNumber, message: `line ${String(error.lines)}: ${error.message}` };
    }
  }
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield* flushSkipped(info.lines);
      lastLine = info.lines;
      rowNumber += 1;
      yield rowNumber === 1 ? { kind: 'header', cells: record } : { kind: 'row', rowNumber, cells: record };
    }
    await done;
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError('unreadable_csv', `The CSV cannot be read: ${(error as Error).message}`);
  }
  if (fatal !== undefined) {
    throw new ImportFileError(
      'unclosed_quote',
      `A quoted cell opened after line ${lastLine} is never closed: the rest of the file would be swallowed into it. Fix the quoting and retry`,
      { afterLine: lastLine },
    );
  }
  yield* flushSkipped(Number.POSITIVE_INFINITY);
}

/** Pass one: the number of data rows, and any whole-file problem before anything is written. */
export async function countCsvRows(source: CsvSource, encoding: ImportEncoding): Promise<number> {
  let rows = 0;
  let hasHeader = false;
  for await (const item of readCsv(source, encoding)) {
    if (item.kind === 'header') hasHeader = true;
    else rows += 1;
  }
  if (!hasHeader) throw new ImportFileError('empty_file', 'The file is empty: a header row is needed');
  return rows;
}
