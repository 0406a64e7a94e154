/**
 * The date formats the preference learner recognizes in a file name. `NN-NN-YYYY` is read
 * as month-day-year (the US order) and `NN.NN.YYYY` as day-month-year (the European
 * order): a name alone cannot tell `06-01-2024` from `01-06-2024`, so each shape has one
 * reading.
 */
export const DATE_FORMATS = [
  'YYYY-MM-DD',
  'YYYYMMDD',
  'YYYY_MM_DD',
  'YYYY.MM.DD',
  'DD.MM.YYYY',
  'MM-DD-YYYY',
] as const;

export type DateFormat = (typeof DATE_FORMATS)[number];

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface FoundDate {
  date: CalendarDate;
  format: DateFormat;
  start: number;
  end: number;
}

// Digits on either side would make the match part of a longer number, not a date.
const YEAR_FIRST = /(?<!\d)(\d{4})([-_.])(\d{2})\2(\d{2})(?!\d)/g;
const YEAR_LAST = /(?<!\d)(\d{2})([-.])(\d{2})\2(\d{4})(?!\d)/g;
const COMPACT = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/g;

/** The first valid calendar date written in `text` in one of the known formats, if any. */
export function findDate(text: string): FoundDate | undefined {
  const found: FoundDate[] = [];
  for (const match of text.matchAll(YEAR_FIRST)) {
    const format = ({ '-': 'YYYY-MM-DD', _: 'YYYY_MM_DD', '.': 'YYYY.MM.DD' } as const)[
      match[2] as '-' | '_' | '.'
    ];
    add(found, match, format, Number(match[1]), Number(match[3]), Number(match[4]));
  }
  for (const match of text.matchAll(YEAR_LAST)) {
    const first = Number(match[1]);
    const second = Number(match[3]);
    if (match[2] === '.') add(found, match, 'DD.MM.YYYY', Number(match[4]), second, first);
    else add(found, match, 'MM-DD-YYYY', Number(match[4]), first, second);
  }
  for (const match of text.matchAll(COMPACT)) {
    add(found, match, 'YYYYMMDD', Number(match[1]), Number(match[2]), Number(match[3]));
  }
  return found.sort((a, b) => a.start - b.start)[0];
}

function add(
  found: FoundDate[],
  match: RegExpExecArray | RegExpMatchArray,
  format: DateFormat,
  year: number,
  month: number,
  day: number,
): void {
  if (!isValidDate(year, month, day) || match.index === undefined) return;
  found.push({
    date: { year, month, day },
    format,
    start: match.index,
    end: match.index + match[0].length,
  });
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Writes a date in one of the known formats. */
export function formatDate({ year, month, day }: CalendarDate, format: DateFormat): string {
  const y = String(year).padStart(4, '0');
  const m = String(month).padStart(2, '0');
  const d = String(day).padStart(2, '0');
  switch (format) {
    case 'YYYY-MM-DD':
      return `${y}-${m}-${d}`;
    case 'YYYYMMDD':
      return `${y}${m}${d}`;
    case 'YYYY_MM_DD':
      return `${y}_${m}_${d}`;
    case 'YYYY.MM.DD':
      return `${y}.${m}.${d}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
    case 'MM-DD-YYYY':
      return `${m}-${d}-${y}`;
  }
}
