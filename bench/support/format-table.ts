/** A cell: text as given, numbers with `digits` decimals (NaN prints as a dash). */
export type Cell = string | number;

export interface TableOptions {
  /** Decimals for numbers in each column; 0 when absent. */
  readonly digits?: readonly number[];
}

/**
 * A plain-text table for a terminal or a report: a header line, a rule, one line per row; numbers
 * right-aligned, text left-aligned.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly Cell[][],
  options: TableOptions = {},
): string {
  const text = rows.map((row) =>
    row.map((cell, column) =>
      typeof cell === 'number'
        ? Number.isNaN(cell)
          ? '-'
          : cell.toFixed(options.digits?.[column] ?? 0)
        : cell,
    ),
  );
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...text.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[], numeric: (column: number) => boolean): string =>
    cells
      .map((cell, column) =>
        numeric(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const isNumber = (column: number): boolean => rows.some((row) => typeof row[column] === 'number');
  return [
    line(headers, isNumber),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...text.map((row) => line(row, isNumber)),
  ].join('\n');
}
