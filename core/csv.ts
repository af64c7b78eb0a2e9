// One row of CSV or TSV → fields. RFC 4180 quoting on a single line: a field may be wrapped in
// double quotes, with "" for a quote inside it; spaces around a quoted field are ignored. A quoted
// field that runs past the end of the line is refused, since rows are read one line at a time.

export type Delimiter = ',' | '\t';

export type SplitRow =
  | { ok: true; fields: string[] }
  | { ok: false; column: number; problem: string };

export function splitRow(line: string, delimiter: Delimiter): SplitRow {
  const fields: string[] = [];
  const n = line.length;
  let i = 0;
  for (;;) {
    let j = i;
    while (line[j] === ' ') j++;
    if (line[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        const quote = line.indexOf('"', k);
        if (quote < 0) {
          return { ok: false, column: j + 1, problem: 'a quoted field is not closed on this line (a quoted field cannot span lines)' };
        }
        value += line.slice(k, quote);
        k = quote + 1;
        if (line[k] !== '"') break;
        value += '"';
        k++;
      }
      while (line[k] === ' ') k++;
      if (k < n && line[k] !== delimiter) {
        return { ok: false, column: k + 1, problem: `unexpected ${JSON.stringify(line[k])} after a closing quote; a quote inside a quoted field is written ""` };
      }
      fields.push(value);
      if (k >= n) return { ok: true, fields };
      i = k + 1;
    } else {
      const end = line.indexOf(delimiter, i);
      fields.push(line.slice(i, end < 0 ? n : end));
      if (end < 0) return { ok: true, fields };
      i = end + 1;
    }
  }
}
