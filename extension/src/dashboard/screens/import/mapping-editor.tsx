import type { ColumnMapping } from '@leadlight/contract';
import { createRowMapper, type MappedRow } from '@leadlight/import';
import { useMemo } from 'preact/hooks';
import {
  describeColumnTargets,
  describeTarget,
  ignoreTarget,
  standardTargets,
  suggestCustomTarget,
  unmappedTarget,
} from './edit-mapping';

export interface MappingEditorProps {
  header: string[];
  rows: string[][];
  mapping: ColumnMapping;
  onChangeTarget: (column: string, target: string) => void;
}

function describeMappedRow(row: MappedRow): {
  name: string;
  email: string;
  company: string;
  problems: string;
} {
  if (!row.ok) {
    return {
      name: '–',
      email: '–',
      company: '–',
      problems: row.errors.map((error) => `${error.column}: ${error.message}`).join('; '),
    };
  }
  const { person, company, identities } = row.lead;
  const name = person.fullName ?? ([person.firstName, person.lastName].filter(Boolean).join(' ') || '–');
  return { name, email: identities.emails[0] ?? '–', company: company.name ?? '–', problems: '' };
}

/**
 * One line per file column: a few of its values and the field it feeds, changeable. Below, the first rows as the
 * mapping reads them, computed here with the same @leadlight/import code the API runs.
 */
export function MappingEditor({ header, rows, mapping, onChangeTarget }: MappingEditorProps) {
  const targets = useMemo(() => describeColumnTargets(mapping, header), [mapping, header]);
  const mapper = useMemo(() => createRowMapper(header, mapping), [header, mapping]);
  const mapped = useMemo(
    () => rows.map((row, index) => describeMappedRow(mapper.mapRow(row, index + 2))),
    [mapper, rows],
  );

  return (
    <section class="ll-imp-mapping" aria-label="Column mapping" data-testid="imp-mapping">
      {mapper.headerErrors.length > 0 ? (
        <div class="ll-imp-problem" role="alert" data-testid="imp-header-errors">
          <strong>This mapping does not fit the file's header</strong>
          <ul>
            {mapper.headerErrors.map((error) => (
              <li key={`${error.column}:${error.message}`}>
                {error.column}: {error.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div class="ll-imp-scroll">
        <table class="ll-imp-table">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First values</th>
              <th scope="col">Imported as</th>
            </tr>
          </thead>
          <tbody>
            {targets.map(({ column, target, joinedWith }, index) => {
              const custom = suggestCustomTarget(column);
              const options = [unmappedTarget, ignoreTarget, ...standardTargets, custom];
              if (!options.includes(target)) options.push(target);
              const samples = rows
                .map((row) => row[index] ?? '')
                .filter((cell) => cell.trim() !== '')
                .slice(0, 3);
              return (
                <tr key={index} data-testid="imp-mapping-row" data-column={column}>
                  <th scope="row">{column || <em>(no name)</em>}</th>
                  <td class="ll-imp-samples">{samples.length > 0 ? samples.join(' · ') : <em>empty</em>}</td>
                  <td>
                    <select
                      aria-label={`Imported as (${column})`}
                      value={target}
                      onChange={(event) => onChangeTarget(column, event.currentTarget.value)}
                    >
                      {options.map((option) => (
                        <option key={option} value={option}>
                          {describeTarget(option)}
                        </option>
                      ))}
                    </select>
                    {joinedWith.length > 0 ? (
                      <span class="ll-imp-muted"> joined with {joinedWith.join(', ')}</span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>The first rows as this mapping reads them</h3>
      <table class="ll-imp-table" data-testid="imp-mapped-preview">
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Company</th>
            <th scope="col">Problems</th>
          </tr>
        </thead>
        <tbody>
          {mapped.map((row, index) => (
            <tr key={index} class={row.problems ? 'll-imp-bad' : undefined}>
              <td>{index + 2}</td>
              <td>{row.name}</td>
              <td>{row.email}</td>
              <td>{row.company}</td>
              <td class="ll-imp-wrap">{row.problems || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
