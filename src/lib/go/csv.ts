/* Go's encoding/csv reader, for one line. */

/** One record of Go's encoding/csv (comma-separated, `"` quoting with `""` escapes), Go's error texts. */
export function csvRecord(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const col = (pos: number) => pos + 1;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) throw new Error(`parse error on line 1, column ${col(line.length)}: extraneous or missing " in quoted-field`);
        value += line.slice(j, q);
        if (line[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else if (q + 1 === line.length || line[q + 1] === ',') {
          i = q + 1;
          break;
        } else {
          throw new Error(`parse error on line 1, column ${col(q + 1)}: extraneous or missing " in quoted-field`);
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma === -1 ? line.length : comma;
      const value = line.slice(i, end);
      const quote = value.indexOf('"');
      if (quote !== -1) throw new Error(`parse error on line 1, column ${col(i + quote)}: bare " in non-quoted-field`);
      fields.push(value);
      i = end;
    }
    if (i >= line.length) return fields;
    i++; // the comma
  }
}
