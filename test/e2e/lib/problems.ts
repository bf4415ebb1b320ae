import type { Locator } from 'playwright-core';
import { e2eEnv } from './env.js';
import { waitUntil } from '../../shared/poll.js';
import type { Workbench } from './workbench.js';

/** One problem as the Problems panel shows it. */
export interface Problem {
  /** Base name of the file row it is under, e.g. "requirements.md". */
  readonly file: string;
  /** The file row's folder description, relative to the workspace ("docs"; "" at the root). */
  readonly folder: string;
  /** Workspace-relative path: folder/file. */
  readonly path: string;
  readonly message: string;
  /** "jsp-trace" for ours. */
  readonly source: string;
  /** The diagnostic code (our rule name). */
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info' | 'unknown';
  /** The row's accessible label, as a screen reader reads it. */
  readonly ariaLabel: string;
  /** Related information rows under it, as shown: "file [Ln 3, Col 1]: message". */
  readonly related: string[];
}

interface RawRow {
  index: number;
  level: number;
  name: string;
  description: string;
  message: string;
  source: string;
  code: string;
  lineText: string;
  icon: string;
  aria: string;
  /** Absolute path of a file row (its label's accessible name). */
  resource: string;
  relatedResource: string;
  relatedMessage: string;
}

const PANEL = '.markers-panel';

/** The Problems panel (Ctrl+Shift+M): a tree of file rows with their problems under them. */
export class ProblemsPanel {
  constructor(private readonly wb: Workbench) {}

  private get page() {
    return this.wb.page;
  }

  async open(): Promise<void> {
    await this.wb.dismissQuickInput();
    if (!(await this.page.locator(PANEL).isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
    }
    await this.page.locator(PANEL).waitFor({ state: 'visible' });
  }

  /** Totals from the status bar item (errors, warnings), which counts every problem, not only ours. */
  async counts(): Promise<{ errors: number; warnings: number }> {
    const label = (await this.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    const text = `${label} ${(await this.page.locator('#status\\.problems').innerText()).replace(/\s+/g, ' ')}`;
    const errors = /(\d+)\s+errors?/i.exec(text);
    const warnings = /(\d+)\s+warnings?/i.exec(text);
    if (errors || warnings) return { errors: Number(errors?.[1] ?? 0), warnings: Number(warnings?.[1] ?? 0) };
    const nums = (await this.page.locator('#status\\.problems').innerText()).match(/\d+/g) ?? [];
    return { errors: Number(nums[0] ?? 0), warnings: Number(nums[1] ?? 0) };
  }

  /**
   * Every problem in the panel, read by scrolling the (virtualised) list from top to bottom.
   * Opens the panel first. Collapsed file rows are not expanded.
   */
  async rows(): Promise<Problem[]> {
    await this.open();
    const list = this.page.locator(`${PANEL} .monaco-list`).first();
    // With no problems the panel hides the list and shows a message instead.
    await this.page.locator(`${PANEL} .monaco-list, ${PANEL} .message-box-container`).filter({ visible: true }).first().waitFor();
    if (!(await list.isVisible())) return [];
    const seen = new Map<number, RawRow>();
    // Back to the top, then one page at a time with the mouse wheel, as a person would.
    await list.hover();
    // One large wheel step does not always reach the top of a long list: scroll up until it stops moving.
    for (let guard = 0, previous = ''; guard < 50; guard++) {
      await this.page.mouse.wheel(0, -5000);
      await nextFrame(list);
      const now = await scrollTop(list);
      if (now === previous) break;
      previous = now;
    }
    for (let guard = 0; guard < 500; guard++) {
      const batch = await list.evaluate(readRows);
      const before = seen.size;
      for (const r of batch) seen.set(r.index, r);
      const top = await scrollTop(list);
      await this.page.mouse.wheel(0, Math.max(40, ((await list.boundingBox())?.height ?? 200) * 0.8));
      await nextFrame(list);
      if (seen.size === before && (await scrollTop(list)) === top) break;
    }
    return toProblems([...seen.values()].sort((a, b) => a.index - b.index), e2eEnv().workspace);
  }

  /** Waits until some problem satisfies the predicate; returns all rows read at that moment. */
  async waitFor(predicate: (p: Problem) => boolean, description: string, timeout = 60_000): Promise<Problem[]> {
    return waitUntil(() => this.rows(), (rows) => rows.some(predicate), {
      timeout,
      interval: 1000,
      message: (rows) => `a problem ${description}; the panel shows:\n${(rows ?? []).map(formatProblem).join('\n') || '(nothing)'}`,
    });
  }

  /** Types into the panel's filter box (e.g. a file name or rule) to narrow the list; '' clears it. */
  async filter(text: string): Promise<void> {
    await this.open();
    const box = this.page.locator('.viewpane-filter-container input, .markers-panel-action-filter input').first();
    await box.fill(text);
  }
}

/** Runs in the page: the rendered rows of the list. Self-contained (no outer references). */
function readRows(el: Element): RawRow[] {
  const view = el.getBoundingClientRect();
  const shown = (row: Element) => {
    const box = row.getBoundingClientRect();
    return box.height > 0 && box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
  };
  // Only rows fully inside the list's viewport: rows scrolled out are recycled and may be stale.
  return [...el.querySelectorAll('.monaco-list-row')].filter(shown).map((row) => {
    const q = (sel: string) => (row.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
    const icon = row.querySelector('.marker-icon, .codicon-error, .codicon-warning, .codicon-info');
    return {
      index: Number(row.getAttribute('data-index')),
      level: Number(row.getAttribute('aria-level') ?? 0),
      name: q('.label-name'),
      description: q('.label-description'),
      message: q('.marker-message'),
      source: q('.marker-source'),
      code: q('.marker-code'),
      lineText: q('.marker-line'),
      icon: icon ? icon.className : '',
      aria: row.getAttribute('aria-label') ?? '',
      resource: row.querySelector('.resource-label-container .monaco-icon-label')?.getAttribute('aria-label') ?? '',
      relatedResource: q('.related-info-resource'),
      relatedMessage: q('.marker-description'),
    };
  });
}

/** Where the list is scrolled to (Monaco moves the rows container rather than scrolling natively). */
function scrollTop(list: Locator): Promise<string> {
  return list.evaluate((el) => {
    const rows = el.querySelector('.monaco-list-rows') as HTMLElement | null;
    return rows ? `${rows.style.top}|${rows.style.transform}` : '';
  });
}

/** Waits for the page to render a frame (the list re-renders rows after a scroll). */
function nextFrame(list: Locator): Promise<void> {
  return list.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}

export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}:${p.column} ${p.severity} ${p.source}(${p.code}) ${p.message}`;
}

function toProblems(rows: RawRow[], workspace: string): Problem[] {
  const out: Array<Problem & { related: string[] }> = [];
  let file = '';
  let folder = '';
  let relPath = '';
  for (const r of rows) {
    if (r.level === 1) {
      file = r.name;
      folder = r.description;
      const abs = r.resource.replace(/\\/g, '/');
      const root = workspace.replace(/\\/g, '/').replace(/\/$/, '') + '/';
      relPath = abs.startsWith(root) ? abs.slice(root.length) : folder && folder !== '.' ? `${folder}/${file}` : file;
      continue;
    }
    if (r.level >= 3 || r.relatedResource) {
      const last = out[out.length - 1];
      if (last) last.related.push(`${r.relatedResource} ${r.lineText}: ${r.relatedMessage}`);
      continue;
    }
    const pos = /Ln\s*(\d+),\s*Col\s*(\d+)/.exec(r.lineText) ?? /line (\d+) and character (\d+)/i.exec(r.aria);
    const severity = /error/i.test(r.icon) ? 'error' : /warning/i.test(r.icon) ? 'warning' : /info/i.test(r.icon) ? 'info' : 'unknown';
    out.push({
      file,
      folder,
      path: relPath,
      message: r.message,
      source: r.source,
      code: r.code.replace(/^\(|\)$/g, ''),
      line: pos ? Number(pos[1]) : 0,
      column: pos ? Number(pos[2]) : 0,
      severity,
      ariaLabel: r.aria,
      related: [],
    });
  }
  return out;
}
