import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { CaseSummary } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { QueueRow } from './QueueRow.tsx';

interface Props {
  /** The loaded window of the queue: positions `offset` … `offset + cases.length - 1`. */
  cases: readonly CaseSummary[];
  offset: number;
  /** Rows in the whole queue (every matching case): the scroll bar spans them all. */
  total: number;
  cursor: string | null;
  openId: string | null;
  backendNow: number;
  onOpen(id: string): void;
  /** The first row in view changed: the panel moves the loaded window with it. */
  onFirstVisible(first: number): void;
  /** Changes when the filters do: back to the top. */
  resetKey: unknown;
}

/** Rows drawn beyond the visible ones on each side, so a fast scroll or j/k rarely shows a gap. */
const OVERSCAN = 20;
/** Until a row has been measured: about three lines of text and padding. */
const FIRST_PITCH = 74;

/**
 * The queue in the backend's urgency order (level, then time left). Only the rows in view are in
 * the page, spacers stand for the rest, so 50,000 open cases cost what 40 do; rows of the queue
 * outside the loaded window show as placeholders until the window follows the scroll.
 */
export function CaseQueue(props: Props): ReactNode {
  const { cases, offset, total, cursor, openId, backendNow, onOpen, onFirstVisible, resetKey } = props;
  const { t } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  const [pitch, setPitch] = useState(FIRST_PITCH);
  const [view, setView] = useState({ top: 0, height: 0 });
  const hasRows = total > 0;

  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const read = (): void => setView({ top: el.scrollTop, height: el.clientHeight });
    read();
    el.addEventListener('scroll', read, { passive: true });
    const resized = new ResizeObserver(read);
    resized.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      resized.disconnect();
    };
  }, [hasRows]);

  useEffect(() => {
    if (list.current) list.current.scrollTop = 0;
  }, [resetKey]);

  const first = Math.min(total, Math.floor(view.top / pitch));
  const last = Math.min(total, Math.ceil((view.top + Math.max(view.height, pitch)) / pitch));
  useEffect(() => onFirstVisible(first), [first, onFirstVisible]);

  // One row's height plus the space after it, from two rows drawn next to each other (the rows are
  // one height: each line is a single line), measured again as rows are drawn.
  useLayoutEffect(() => {
    const row = list.current?.querySelector<HTMLElement>('.queue-row');
    const next = row?.nextElementSibling;
    if (!row || !(next instanceof HTMLElement) || !next.classList.contains('queue-row')) return;
    const measured = next.offsetTop - row.offsetTop;
    if (measured > 0 && Math.abs(measured - pitch) > 0.5) setPitch(measured);
  }, [cases, first, last, pitch]);

  useEffect(() => {
    // For the open benchmark's phases: when the first rows of the queue are on screen.
    if (cases.length && !performance.getEntriesByName('gezhi:queue-rendered').length)
      performance.mark('gezhi:queue-rendered');
  }, [cases]);

  if (total === 0) return <p className="panel-note">{t('dispatch.empty')}</p>;
  const from = Math.max(0, first - OVERSCAN);
  const to = Math.min(total, last + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = from; i < to; i++) {
    const c = cases[i - offset];
    rows.push(
      c ? (
        <QueueRow
          key={c.id}
          c={c}
          active={c.id === cursor}
          open={c.id === openId}
          backendNow={backendNow}
          onOpen={onOpen}
        />
      ) : (
        <li key={`pending-${i}`} className="queue-pending" aria-hidden="true" style={{ height: pitch }}>
          …
        </li>
      ),
    );
  }
  return (
    <ul className="case-queue" role="listbox" data-testid="case-queue" ref={list}>
      {from > 0 && <li className="queue-spacer" aria-hidden="true" style={{ height: from * pitch }} />}
      {rows}
      {to < total && (
        <li className="queue-spacer" aria-hidden="true" style={{ height: (total - to) * pitch }} />
      )}
    </ul>
  );
}
