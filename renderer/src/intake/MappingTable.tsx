import type { ReactNode } from 'react';
import type { ImportPreview } from '../../../shared/api/intake-contract.ts';
import {
  INTAKE_FIELDS,
  REQUIRED_FIELDS,
  type ColumnMapping,
  type IntakeField,
} from '../../../shared/intake/mapping.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

const PREVIEW_ROWS = 8;

/** The preview as a table, with a field chooser over every column: what the user sees is what maps. */
export function MappingTable({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: ColumnMapping;
  onChange(m: ColumnMapping): void;
}): ReactNode {
  const { t } = useI18n();
  const fieldOf = (col: number): IntakeField | '' => INTAKE_FIELDS.find((f) => mapping[f] === col) ?? '';
  const assign = (col: number, field: IntakeField | ''): void => {
    const next: ColumnMapping = {};
    // One field per column and one column per field: reassigning moves it.
    for (const f of INTAKE_FIELDS)
      if (mapping[f] !== col && typeof mapping[f] === 'number') next[f] = mapping[f];
    if (field) next[field] = col;
    onChange(next);
  };
  return (
    <div className="intake-table-wrap">
      <table className="intake-table">
        <caption className="muted">{t('intake.mapping')}</caption>
        <thead>
          <tr>
            {preview.headers.map((h, col) => (
              <th key={col} scope="col">
                <div className="intake-header-name">{h || `#${col + 1}`}</div>
                <select
                  aria-label={h || `#${col + 1}`}
                  value={fieldOf(col)}
                  onChange={(e) => assign(col, e.target.value as IntakeField | '')}
                >
                  <option value="">{t('intake.notMapped')}</option>
                  {INTAKE_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {t(`intake.field.${f}`)}
                      {REQUIRED_FIELDS.includes(f) ? ' *' : ''}
                    </option>
                  ))}
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {preview.rows.slice(0, PREVIEW_ROWS).map((row, i) => (
            <tr key={i}>
              {preview.headers.map((_h, col) => (
                <td key={col} className={fieldOf(col) ? 'mapped' : undefined}>
                  {row[col] ?? ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
