// Generated names as a .txt (one per line) or .csv (a `name` column) file: what the desktop app
// writes through its save dialog and the browser build downloads.

export type NamesFileFormat = 'txt' | 'csv';

export function namesFileText(names: string[], format: NamesFileFormat): string {
  if (format === 'txt') return names.map((name) => `${name}\n`).join('');
  return `name\r\n${names.map((name) => `${csvField(name)}\r\n`).join('')}`;
}

function csvField(value: string): string {
  // A cell starting with = + - @ is run as a formula by spreadsheet apps: a leading ' keeps it text.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
