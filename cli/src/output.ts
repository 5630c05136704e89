/** What a command prints: one JSON document with `--json`, words and tables for people otherwise. */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {}

  /** The command's result: `value` as JSON, or what `human` makes of it. */
  result(value: unknown, human: () => string): void {
    const text = this.json ? JSON.stringify(value, null, 2) : human();
    if (text) this.stdout.write(`${text}\n`);
  }

  /** A remark for the person at the terminal (stderr, so that stdout stays the result). */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  /**
   * A spinner on stderr while `work` runs, only when stdout and stderr are a terminal and the output is
   * for people: never in a pipe, a log or CI.
   */
  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    if (this.json || !this.stdout.isTTY || !this.stderr.isTTY) return work();
    const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
    let frame = 0;
    const draw = () => this.stderr.write(`\r${frames[frame++ % frames.length]} ${text}`);
    draw();
    const timer = setInterval(draw, 80);
    try {
      return await work();
    } finally {
      clearInterval(timer);
      this.stderr.write('\r\x1b[2K');
    }
  }
}

export type Column<T> = [header: string, cell: (row: T) => string | null | undefined];

/** Rows as aligned columns under their headers; `empty` when there are none. */
export function table<T>(rows: T[], columns: Column<T>[], empty: string): string {
  if (!rows.length) return empty;
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row) ?? '-'));
  const widths = columns.map(([header], index) =>
    Math.max(header.length, ...cells.map((line) => line[index]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, index) => (index === values.length - 1 ? value : value.padEnd(widths[index]!)))
      .join('  ');
  return [line(columns.map(([header]) => header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `2026-12-03 17:20` in the machine's time zone; `-` for never. */
export function when(iso: string | null | undefined): string {
  if (!iso) return '-';
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
