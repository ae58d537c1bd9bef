import Table from 'cli-table3';

/**
 * Laying text out to a terminal's width, for every text renderer: a display-width measure that ignores colour codes,
 * word wrapping with a hanging indent, and box-drawn tables whose columns are fitted to the width. Nothing is cut: a
 * word longer than a line is broken into pieces (a field path after a `.`), and a table column is never narrower than
 * its longest word, so cli-table3 never needs its ellipsis.
 *
 * Widths count one column per code point: the tool prints Latin text, box drawing, arrows and block elements, all one
 * column wide in a terminal.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** The text without its colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/** Columns the text takes in a terminal: colour codes take none. For one line. */
export function displayWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** The widest line of a text block, in columns. */
export function blockWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map(displayWidth));
}

/**
 * A word longer than the width, in pieces: a field path or a file path breaks after a `.` or `/` or before a `[`
 * (`streams[0].records.` / `rate`), anything else where it must.
 */
export function splitWord(word: string, width: number): string[] {
  const room = Math.max(1, width);
  const pieces: string[] = [];
  let rest = word;
  while (displayWidth(rest) > room) {
    const head = [...stripAnsi(rest)].slice(0, room).join('');
    const at = Math.max(head.lastIndexOf('.') + 1, head.lastIndexOf('/') + 1, head.lastIndexOf('['));
    const end = at > 0 ? at : head.length;
    pieces.push(rest.slice(0, end));
    rest = rest.slice(end);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Words a line never breaks after or before:
 * - after a bare number, so that a figure stays with its unit ("9.1 MiB/s", "12 shards"); a list of numbers
 *   ("2 2 4 4") breaks anywhere;
 * - after an operator, so that a line never ends in one ("→ 11", "× 1.2");
 * - before a number that ends a clause ("adds 1)"), so that it is never left alone on a line.
 */
const NUMBER = /^[-+−±~≈$]?\d[\d.,]*$/;
const OPERATOR = /^[=×÷+→−–]$/;
const CLOSING_NUMBER = /^[-+−±~≈$]?\d[\d.,]*[×%]?[)\].,;:]+$/;

/** A line's words, each with the spaces after it (a run of spaces is kept where the line does not break). */
function wordsOf(line: string): { word: string; gap: string }[] {
  const out: { word: string; gap: string }[] = [];
  for (const m of line.matchAll(/(\S+)(\s*)/g)) {
    const prev = out.at(-1);
    const [previous, word] = [stripAnsi(prev?.word ?? ''), stripAnsi(m[1]!)];
    const isGlued =
      (NUMBER.test(previous) && !NUMBER.test(word)) || OPERATOR.test(previous) || CLOSING_NUMBER.test(word);
    if (prev && isGlued) {
      prev.word = `${prev.word}${prev.gap}${m[1]!}`;
      prev.gap = m[2]!;
    } else out.push({ word: m[1]!, gap: m[2]! });
  }
  return out;
}

/** The lines of a paragraph wrapped to `width` columns (no indent added); explicit line breaks are kept. */
export function wrapLines(text: string, width: number, firstWidth = width): string[] {
  const out: string[] = [];
  // The first line may have a different room (a hanging indent); pieces of a long word are cut to the narrower.
  const roomOf = () => Math.max(1, out.length === 0 ? firstWidth : width);
  const narrowest = Math.max(1, Math.min(width, firstWidth));
  for (const paragraph of text.split('\n')) {
    let line = '';
    let lineWidth = 0;
    let gap = '';
    for (const { word, gap: after } of wordsOf(paragraph)) {
      const pieces = displayWidth(word) > narrowest ? splitWord(word, narrowest) : [word];
      pieces.forEach((piece, i) => {
        const w = displayWidth(piece);
        // the pieces of one long word each start a line: they are one word, never joined by a space
        const isNewLine = !line || i > 0 || lineWidth + gap.length + w > roomOf();
        if (line && isNewLine) out.push(line);
        if (isNewLine) {
          line = piece;
          lineWidth = w;
        } else {
          line = `${line}${gap}${piece}`;
          lineWidth += gap.length + w;
        }
      });
      gap = after || ' ';
    }
    out.push(line);
  }
  return out;
}

/**
 * Text wrapped to the width for a line that already starts `indent` columns in: continuation lines are indented by
 * `indent` spaces too (a hanging indent when the first line starts with a label). Returns the lines joined by `\n`.
 */
export function wrap(text: string, width: number, indent: number): string {
  return wrapLines(text, width - indent).join(`\n${' '.repeat(indent)}`);
}

/**
 * A paragraph as lines that start with `first` (e.g. `"  - "`), continuation lines with `hang` spaces (default: as
 * wide as `first`), every line within the width.
 */
export function paragraph(text: string, width: number, first = '', hang = displayWidth(first)): string {
  return `${first}${wrapLines(text, width - hang, width - displayWidth(first)).join(`\n${' '.repeat(hang)}`)}`;
}

/**
 * A term and its description as in a definition list: the term padded to `termWidth`, the description beside it and
 * wrapped under itself. When the term is wider than `termWidth` the description starts on the next line.
 */
export function definition(term: string, description: string, width: number, indent: number, termWidth: number): string {
  const pad = ' '.repeat(indent);
  const hang = indent + termWidth + 1;
  const lines = wrapLines(description, width - hang);
  const head = displayWidth(term) <= termWidth ? `${pad}${term}${' '.repeat(termWidth - displayWidth(term))} ` : `${pad}${term}\n${' '.repeat(hang)}`;
  return `${head}${lines.join(`\n${' '.repeat(hang)}`)}`;
}

/** A table cell: its text (may hold line breaks and colour), and optionally how many columns it spans. */
export type TableCell = string | { content: string; colSpan: number };

export interface TableLayout {
  head: string[];
  rows: TableCell[][];
  /** The width the table must fit, the indent included. */
  width: number;
  /** Spaces before each line of the table. */
  indent?: number;
  /** Per column; `right` for figures. */
  align?: ('left' | 'right')[];
  /** A column that takes whatever room the others leave, so that the table spans the whole width. */
  stretch?: number;
  /** Column widths fitted beforehand (fitColumns), e.g. to line tables up with each other. */
  widths?: number[];
}

const PADDING = 2;
/** Tables with at most this many columns are fitted by trying every split of the width (few enough to be quick). */
const MAX_SEARCHED_COLUMNS = 4;

function cellText(c: TableCell): string {
  return typeof c === 'string' ? c : c.content;
}

function longestWord(text: string): number {
  return Math.max(0, ...text.split('\n').flatMap((l) => wordsOf(l).map((w) => displayWidth(w.word))));
}

/** A cell's text wrapped to `width` columns by wrapLines (so a figure keeps its unit), its leading spaces kept on every line. */
function wrapCell(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const lead = line.length - line.trimStart().length;
      return paragraph(line.trimStart(), width, ' '.repeat(lead));
    })
    .join('\n');
}

/**
 * Column widths (padding included, as cli-table3's `colWidths`) that fit the table into the width. Every column keeps
 * its natural width when they all fit. Otherwise the table is made as short as it can be: with up to
 * MAX_SEARCHED_COLUMNS columns by trying every split of the width (of equally short layouts, the one that narrows
 * columns least in proportion), with more by narrowing one column at a time where it costs the fewest lines. No
 * column gets narrower than its longest word, and a column left wider than its wrapped lines gives the room back.
 * Returns the widths and whether they fit (they cannot when the longest words alone are too wide).
 */
export function fitColumns(layout: Pick<TableLayout, 'head' | 'rows' | 'width' | 'indent' | 'stretch'>): { widths: number[]; fits: boolean } {
  const n = layout.head.length;
  const single = [layout.head, ...layout.rows.filter((r) => r.every((c) => typeof c === 'string'))];
  const natural = Array.from({ length: n }, (_, i) => PADDING + Math.max(1, ...single.map((r) => blockWidth(cellText(r[i] ?? '')))));
  const least = Array.from({ length: n }, (_, i) => PADDING + Math.max(1, ...single.map((r) => longestWord(cellText(r[i] ?? '')))));
  const available = layout.width - (layout.indent ?? 0) - (n + 1);
  const cells = single;
  // linesAt[i][w - least[i]][row]: the lines the row's cell in column i takes at width w (padding included).
  const linesAt = natural.map((top, i) =>
    Array.from({ length: top - least[i]! + 1 }, (_, k) => cells.map((r) => wrapCell(cellText(r[i] ?? ''), least[i]! + k - PADDING).split('\n').length)),
  );
  // Lines the table's rows take at these widths: a row is as tall as its tallest cell.
  const height = (ws: readonly number[]) =>
    cells.reduce((sum, _, row) => sum + Math.max(1, ...ws.map((w, i) => linesAt[i]![w - least[i]!]![row]!)), 0);
  // Of layouts as short as each other, the one that narrows columns least in proportion to their natural width.
  const squeeze = (ws: readonly number[]) => ws.reduce((sum, w, i) => sum + ((natural[i]! - w) / natural[i]!) ** 2, 0);
  let widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0);
  if (total > available && n <= MAX_SEARCHED_COLUMNS) {
    // Few columns: try every split of the width and keep the shortest table.
    let best: { ws: number[]; h: number; q: number } | undefined;
    const search = (i: number, prefix: number[], used: number): void => {
      if (i === n - 1) {
        const w = Math.min(natural[i]!, available - used);
        if (w < least[i]!) return;
        const ws = [...prefix, w];
        const h = height(ws);
        const q = squeeze(ws);
        if (!best || h < best.h || (h === best.h && q < best.q)) best = { ws, h, q };
        return;
      }
      for (let w = least[i]!; w <= natural[i]!; w++) search(i + 1, [...prefix, w], used + w);
    };
    search(0, [], 0);
    if (best) widths = best.ws;
    else widths = [...least];
    total = widths.reduce((a, b) => a + b, 0);
  }
  while (total > available) {
    // Many columns: narrow, one column at a time, the one that costs the fewest extra lines; of equals, the widest.
    let best = -1;
    let bestLines = Infinity;
    for (let i = 0; i < n; i++) {
      if (widths[i]! <= least[i]!) continue;
      widths[i]!--;
      const h = height(widths);
      widths[i]!++;
      if (h < bestLines || (h === bestLines && widths[i]! > widths[best]!)) {
        best = i;
        bestLines = h;
      }
    }
    if (best < 0) break;
    widths[best]!--;
    total--;
  }
  if (total < natural.reduce((x, y) => x + y, 0)) {
    // Wrapping can leave a narrowed column wider than its longest line: give the slack back.
    for (let i = 0; i < n; i++) {
      const used = PADDING + Math.max(1, ...cells.map((r) => blockWidth(wrapCell(cellText(r[i] ?? ''), widths[i]! - PADDING))));
      total -= widths[i]! - Math.min(widths[i]!, used);
      widths[i] = Math.min(widths[i]!, used);
    }
  }
  if (layout.stretch !== undefined && total < available) widths[layout.stretch]! += available - total;
  return { widths, fits: total <= available };
}

/** A box-drawn table fitted to the width (see fitColumns), cells word-wrapped within their columns. */
export function renderTable(layout: TableLayout): string {
  const widths = layout.widths ?? fitColumns(layout).widths;
  const inner = (x: number, span: number) => widths.slice(x, x + span).reduce((a, b) => a + b, 0) + span - 1 - PADDING;
  const t = new Table({
    head: layout.head.map((h, i) => wrapCell(h, inner(i, 1))),
    colWidths: widths,
    colAligns: layout.align ?? [],
    wordWrap: true,
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const r of layout.rows) {
    let x = 0;
    t.push(
      r.map((c) => {
        const span = typeof c === 'string' ? 1 : c.colSpan;
        const content = wrapCell(cellText(c), inner(x, span));
        x += span;
        return span === 1 ? content : { content, colSpan: span };
      }),
    );
  }
  const pad = ' '.repeat(layout.indent ?? 0);
  return t
    .toString()
    .split('\n')
    .map((l) => `${pad}${l}`)
    .join('\n');
}
