/** The XLSX attribute table: one sheet per level, codes as text so leading digits survive Excel. */
import type { Row } from 'write-excel-file/node';
import type { GridLevel, GridUnit } from '../../../shared/grid/types.ts';
import { ATTRIBUTE_COLUMNS, attributeRow } from '../../../shared/transfer/export-files.ts';

export async function writeXlsx(byLevel: ReadonlyMap<GridLevel, GridUnit[]>): Promise<Uint8Array> {
  const sheets = [...byLevel].map(([level, units]) => {
    const header: Row = ATTRIBUTE_COLUMNS.map((c) => ({ value: c, fontWeight: 'bold' as const }));
    const rows: Row[] = units.map((u) => {
      const r = attributeRow(u);
      return ATTRIBUTE_COLUMNS.map((c) => {
        const v = r[c];
        return v === null
          ? null
          : typeof v === 'number'
            ? { value: v, type: Number }
            : { value: v, type: String };
      });
    });
    return { data: [header, ...rows], sheet: level };
  });
  // Loaded on first use: the library costs ~30 ms of every start, and most starts export nothing.
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const out = await writeXlsxFile(sheets).toBuffer();
  return new Uint8Array(out);
}
