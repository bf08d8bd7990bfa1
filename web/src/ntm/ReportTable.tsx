import { cellText, headerLayout, type ReportLang, type ReportTable as Table } from '../../../server/domain/report-table.ts';

/** Cell shading of x/N by share met: the weaker, the warmer (legible in print). Presentation only: the text stays. */
function shade(text: string): string | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m || !Number(m[2])) return undefined;
  const r = Number(m[1]) / Number(m[2]);
  return r >= 1 ? '#e5f2e0' : r >= 0.75 ? '#f3f8ec' : r >= 0.5 ? '#fff6dd' : '#fde3d2';
}

/**
 * A wide text column (a source, a list of units) keeps a readable width on a phone: the table then
 * scrolls sideways in its wrapper (.ntm-table-wrap) instead of squeezing the column to one word a line.
 * Widths are the XLSX column widths in characters; numbers and short names need no floor.
 */
function textMinWidth(width: number | undefined): string | undefined {
  return width != null && width >= 24 ? `${Math.min(width, 48) * 0.45}em` : undefined;
}

/**
 * One report table as the server defined it (server/services/ntm-export.ts): the same header
 * merges as the XLSX, the same cell text as the CSV (server/domain/report-table.ts). Rows that
 * name a commune link to it on the map, for the table's year.
 */
export function ReportTable({ table, lang, year }: { table: Table; lang: ReportLang; year: number }) {
  // in print, the first header row names the table (Biểu, title, unit, year): thead repeats on every page the table runs over
  const caption = `${table.label}. ${table.title} · ${table.subtitle}`;
  const ncol = table.widths.length;
  const matrix = table.widths.filter((w) => w <= 4).length > 3;
  return (
    <table className={`ntm-table${matrix ? ' ntm-table--matrix' : ''}`} data-testid={`report-${table.id}`}>
      <thead>
        <tr className="ntm-table-caption">
          <th colSpan={ncol}>{caption}</th>
        </tr>
        {headerLayout(table.header).map((row, ri) => (
          <tr key={ri}>
            {row.map((c) => (
              <th key={c.col} colSpan={c.colSpan > 1 ? c.colSpan : undefined} rowSpan={c.rowSpan > 1 ? c.rowSpan : undefined}>
                {c.text}
              </th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.rows.map((cells, ri) => {
          if (cells.length === 0) {
            return (
              <tr key={ri} className="gap">
                <td colSpan={ncol} />
              </tr>
            );
          }
          const code = table.communeCodes?.[ri] ?? null;
          return (
            <tr key={ri} className={table.boldRows.includes(ri) ? 'total' : undefined}>
              {cells.map((cell, ci) => {
                const text = cellText(cell, table.formats[ci], lang);
                const narrow = (table.widths[ci] ?? 10) <= 4;
                const cls = [typeof cell === 'number' || table.formats[ci] || /^\d+\/\d+$/.test(text) ? 'num' : '', narrow ? 'narrow' : '', narrow && text === 'x' ? 'met' : ''].filter(Boolean).join(' ');
                return (
                  <td key={ci} className={cls || undefined} style={{ background: shade(text), minWidth: textMinWidth(table.widths[ci]) }}>
                    {ci === 1 && code ? <a href={`#sel=commune:${code}&year=${year}`}>{text}</a> : text}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
