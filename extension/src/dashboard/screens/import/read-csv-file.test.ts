import { describe, expect, it } from 'vitest';
import { CsvFileError, decodeCsvBytes, readCsvPreview } from './read-csv-file';

const encode = (text: string) => new TextEncoder().encode(text);

describe('read-csv-file', () => {
  it('reads quoted cells, embedded newlines and a BOM with csv-parse, up to the row limit', async () => {
    const text = '\uFEFFName,Note\n"Lee, Ana","line one\nline two"\n\nBo,"say ""hi"""\nC,3\n';
    const preview = await readCsvPreview(decodeCsvBytes(encode(text), 'utf-8'), 2);
    expect(preview.header).toEqual(['Name', 'Note']);
    expect(preview.rows).toEqual([
      ['Lee, Ana', 'line one\nline two'],
      ['Bo', 'say "hi"'],
    ]);
  });

  it('refuses UTF-16, binary and empty files with a sentence saying what to do', async () => {
    expect(() => decodeCsvBytes(Uint8Array.from([0xff, 0xfe, 0x41, 0]), 'utf-8')).toThrow(/UTF-16/);
    expect(() => decodeCsvBytes(Uint8Array.from([...encode('a,b\nc,d\n'), 0, 1]), 'utf-8')).toThrow(
      /NUL byte at line 3/,
    );
    await expect(readCsvPreview('\n\n')).rejects.toThrow(CsvFileError);
    await expect(readCsvPreview('a,"b\nc')).rejects.toThrow(/cannot be read/);
  });

  it('decodes Windows-1252 when asked, and names the line of a bad UTF-8 byte otherwise', () => {
    // 0xE9 is é in both ISO-8859-1 and Windows-1252 (Node's decoder knows only the former; Chromium both).
    const bytes = Uint8Array.from([...encode('Name\nA\n'), 0x4a, 0x6f, 0x73, 0xe9, 0x0a]);
    expect(() => decodeCsvBytes(bytes, 'utf-8')).toThrow(/line 3/);
    expect(decodeCsvBytes(bytes, 'latin1')).toBe('Name\nA\nJosé\n');
  });
});
