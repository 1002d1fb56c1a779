// A progress bar per table on a terminal (stderr), redrawn a few times a second; nothing elsewhere.
const WIDTH = 24;

interface Bar {
  label: string;
  total: number;
  done: number;
  finished: boolean;
  started: number;
}

export class Progress {
  private bars: Bar[] = [];
  private drawn = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(private enabled: boolean) {
    if (enabled) this.timer = setInterval(() => this.draw(), 200);
  }

  add(label: string, total: number) {
    const bar: Bar = { label, total, done: 0, finished: false, started: performance.now() };
    if (this.enabled) this.bars.push(bar);
    return {
      advance: (n: number) => {
        bar.done += n;
      },
      done: () => {
        bar.finished = true;
      },
    };
  }

  private line(b: Bar) {
    // The estimate is the table's size on disk; COPY text is usually smaller, so a finished bar is full.
    const share = b.finished ? 1 : b.total > 0 ? Math.min(b.done / b.total, 0.99) : 0;
    const filled = Math.round(share * WIDTH);
    const mbs = b.done / 1e6 / Math.max((performance.now() - b.started) / 1000, 0.001);
    return `${b.label.padEnd(32).slice(0, 32)} [${"#".repeat(filled)}${" ".repeat(WIDTH - filled)}] ${Math.round(share * 100)
      .toString()
      .padStart(3)}% ${(b.done / 1e6).toFixed(1)} MB ${mbs.toFixed(1)} MB/s`;
  }

  private draw() {
    if (!this.enabled) return;
    const out = process.stderr;
    if (this.drawn > 0) out.write(`\x1b[${this.drawn}A`);
    for (const b of this.bars) out.write(`\x1b[2K${this.line(b)}\n`);
    this.drawn = this.bars.length;
  }

  end() {
    if (this.timer) clearInterval(this.timer);
    this.draw();
  }
}
