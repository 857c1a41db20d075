import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CaseSummary } from '../../../shared/api/cases-contract.ts';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { allowedActions } from '../../../shared/cases/lifecycle.ts';
import { formatCaseMessage } from '../../../shared/cases/messages.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor } from './actors.ts';
import { useActorRole } from './use-actor-role.ts';
import { ActorPicker } from './ActorPicker.tsx';
import type { CaseLayer } from './case-layer.ts';
import { CaseDetailView } from './CaseDetailView.tsx';
import { CaseQueue } from './CaseQueue.tsx';
import { FIRST_WINDOW, NO_FILTERS, windowFor, type QueueFilters, type QueueWindow } from './filters.ts';
import { actionLabel, caseErrorText } from './labels.ts';
import { NewCaseForm } from './NewCaseForm.tsx';
import { placeText } from './place.ts';
import { QueueFiltersBar } from './QueueFiltersBar.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { StatusCounts } from './StatusCounts.tsx';
import { useCaseDetail } from './use-case-detail.ts';
import { useCaseList } from './use-case-list.ts';
import { useDispatchKeys } from './use-dispatch-keys.ts';
import { useNow } from './use-now.ts';

/** The administrator's reference-data editors load when first opened, not with the dispatch screen. */
const AdminScreen = lazy(() => import('../admin/AdminScreen.tsx').then((m) => ({ default: m.AdminScreen })));

interface Props {
  layer: CaseLayer;
  towns: readonly TreeNode[];
  visible: boolean;
  /** The map picked a case: the side panel should show this tab. */
  onWantVisible(): void;
}

type NewCase = { point: { lon: number; lat: number } | null; seq: number } | null;

/** The operator's queue, case detail and new-case form, kept in step with the map's case markers. */
export function DispatchPanel({ layer, towns, visible, onWantVisible }: Props): ReactNode {
  const api = useApi();
  const { t, locale, formatInteger } = useI18n();
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  const [role, setRole] = useActorRole();
  const [adminOpen, setAdminOpen] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [newCase, setNewCase] = useState<NewCase>(null);
  const [help, setHelp] = useState(false);
  // Manual location of the open case: map clicks go to its form instead of a new case.
  const [locating, setLocating] = useState(false);
  const [picked, setPicked] = useState<{ lon: number; lat: number; seq: number } | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [queueWindow, setQueueWindow] = useState<QueueWindow>(FIRST_WINDOW);
  const filterBy = useCallback((f: QueueFilters) => {
    setFilters(f);
    setQueueWindow(FIRST_WINDOW);
  }, []);
  const followScroll = useCallback((first: number) => {
    const next = windowFor(first);
    setQueueWindow((w) => (w.offset === next.offset && w.limit === next.limit ? w : next));
  }, []);
  const { load, refresh, changed } = useCaseList(filters, queueWindow);
  const detail = useCaseDetail(openId, changed, role);
  const now = useNow(1000, visible);

  const cases: readonly CaseSummary[] = useMemo(
    () => (load.state === 'ready' ? load.list.cases : []),
    [load],
  );
  const backendNow = now + (load.state === 'ready' ? load.skewMs : 0);
  const [categories, setCategories] = useState<string[]>([]);
  useEffect(() => {
    // Category codes seen so far: the filter offers what the queue has shown.
    setCategories((prev) => {
      const all = new Set([...prev, ...cases.flatMap((c) => (c.categoryCode ? [c.categoryCode] : []))]);
      return all.size === prev.length ? prev : [...all].sort();
    });
  }, [cases]);

  const open = useCallback(
    (id: string) => {
      setOpenId(id);
      setCursor(id);
      setNewCase(null);
      setLocating(false);
      setPicked(null);
      const c = cases.find((x) => x.id === id);
      // A case outside the district stays off the map's view: the operator places it inside.
      if (c && !c.outsideDistrict) layer.flyTo(c.lon, c.lat);
    },
    [cases, layer],
  );

  useEffect(() => layer.setCases(cases), [layer, cases]);
  useEffect(() => layer.select(openId ?? cursor), [layer, openId, cursor]);
  const locatingOpen = locating && openId !== null && newCase === null;
  useEffect(() => layer.setPicking(newCase !== null || locatingOpen), [layer, newCase, locatingOpen]);
  useEffect(() => {
    layer.listen({
      onPickCase: (id) => {
        onWantVisible();
        open(id);
      },
      onPickPoint: (lon, lat) => {
        if (locatingOpen) setPicked((p) => ({ lon, lat, seq: (p?.seq ?? 0) + 1 }));
        else setNewCase((n) => ({ point: { lon, lat }, seq: (n?.seq ?? 0) + 1 }));
      },
    });
    return () => layer.listen(null);
  }, [layer, open, onWantVisible, locatingOpen]);
  useEffect(() => {
    if (openId) document.body.dataset.caseOpen = openId;
    else delete document.body.dataset.caseOpen;
  }, [openId]);

  const dispatchSuggested = useCallback(() => {
    const id = openId ?? cursor;
    if (!id) return;
    setNotice(null);
    // Refused here, in the lifecycle's own words, when the queue already knows the state forbids it;
    // the backend still checks (another seat may have moved the case meanwhile).
    const open = detail.load.state === 'ready' && detail.load.c.id === id ? detail.load.c : null;
    const status = open?.status ?? cases.find((c) => c.id === id)?.status;
    if (status && !allowedActions(status).includes('dispatch')) {
      const text = formatCaseMessage('case.illegalTransition', { status, action: 'dispatch' }, locale);
      setNotice({ ok: false, text: t('action.failed', { message: text }) });
      return;
    }
    api.invoke('cases.act', { id, action: { type: 'dispatch' }, actor: actorFor(role, locale) }).then(
      (c) => {
        setNotice({
          ok: true,
          text: `${c.id} · ${actionLabel('dispatch', locale)} → ${c.departmentName ?? ''}`,
        });
        refresh();
      },
      (e: unknown) =>
        setNotice({
          ok: false,
          text: t('action.failed', { message: caseErrorText(errorBodyOf(e), locale) }),
        }),
    );
  }, [api, openId, cursor, cases, detail.load, role, locale, refresh, t]);

  const move = (step: number): void => {
    if (cases.length === 0) return;
    const i = cases.findIndex((c) => c.id === cursor);
    const next = cases[Math.min(cases.length - 1, Math.max(0, i < 0 ? 0 : i + step))]!;
    setCursor(next.id);
    if (openId) open(next.id);
  };

  useDispatchKeys(visible && !adminOpen, {
    next: () => move(1),
    prev: () => move(-1),
    open: () => cursor && open(cursor),
    dispatch: dispatchSuggested,
    newCase: () => setNewCase({ point: null, seq: 0 }),
    help: () => setHelp((h) => !h),
    escape: () => {
      if (help) setHelp(false);
      else if (newCase) setNewCase(null);
      else if (locating) setLocating(false);
      else setOpenId(null);
    },
  });

  return (
    <section className="dispatch-panel" data-testid="dispatch-panel">
      <div className="dispatch-toolbar">
        <button
          type="button"
          className={`button${newCase ? '' : ' primary'}`}
          data-testid="new-case-mode"
          aria-pressed={newCase !== null}
          onClick={() => setNewCase(newCase ? null : { point: null, seq: 0 })}
        >
          {newCase ? t('dispatch.cancelNewCase') : `＋ ${t('dispatch.newCase')}`}
        </button>
        <ActorPicker role={role} onRole={setRole} />
        {role === 'admin' && (
          <button
            type="button"
            className="button quiet"
            data-testid="open-admin"
            onClick={() => setAdminOpen(true)}
          >
            {t('admin.open')}
          </button>
        )}
        <button
          type="button"
          className="button quiet"
          data-testid="shortcut-help-toggle"
          onClick={() => setHelp(!help)}
        >
          ?
        </button>
      </div>
      {notice && (
        <p
          className={`panel-note${notice.ok ? ' ok' : ' error'}`}
          data-testid="dispatch-notice"
          role="status"
        >
          {notice.text}
        </p>
      )}
      {newCase && (
        <div className="dispatch-pane focus-pane">
          <p className="panel-note" data-testid="new-case-hint">
            {t('dispatch.newCaseHint')}
          </p>
          <NewCaseForm
            key={newCase.seq}
            point={newCase.point}
            role={role}
            onCreated={(c) => {
              setNewCase(null);
              setNotice({ ok: true, text: t('newCase.created', { id: c.id }) });
              refresh();
              open(c.id);
            }}
            onCancel={() => setNewCase(null)}
          />
        </div>
      )}
      {!newCase && openId && (
        <div className="dispatch-pane focus-pane">
          <CaseDetailView
            load={detail.load}
            backendNow={backendNow}
            act={async (action) => {
              const c = await detail.act(action);
              refresh();
              return c;
            }}
            fix={{
              locating: locatingOpen,
              onLocating: (on) => {
                setLocating(on);
                setPicked(null);
              },
              picked,
              locate: async (p) => {
                const c = await detail.locate(p);
                setNotice({ ok: true, text: t('locate.done', { id: c.id, place: placeText(c) }) });
                refresh();
                layer.flyTo(c.lon, c.lat);
                return c;
              },
              dismissDuplicate: async () => {
                const c = await detail.dismissDuplicate();
                refresh();
                return c;
              },
              onOpenCase: open,
            }}
            onLocate={(c) => layer.flyTo(c.lon, c.lat)}
            onClose={() => setOpenId(null)}
          />
        </div>
      )}
      {/* The queue stays in view under an open case, so j/k walk it while the detail follows. */}
      <div className={`dispatch-pane queue-pane${openId || newCase ? ' shared' : ''}`}>
        {!newCase && !openId && (
          <QueueFiltersBar filters={filters} towns={towns} categories={categories} onChange={filterBy} />
        )}
        {load.state === 'ready' && (
          <>
            <StatusCounts
              counts={load.list.countsByStatus}
              status={filters.status}
              onStatus={(status) => filterBy({ ...filters, status })}
            />
            <p className="queue-total muted" data-testid="queue-total">
              {t('dispatch.total', { count: formatInteger(load.list.total) })}
            </p>
          </>
        )}
        {load.state === 'loading' && <p className="panel-note">{t('dispatch.loading')}</p>}
        {load.state === 'error' && (
          <p className="panel-note error" role="alert">
            {t('dispatch.error', { message: caseErrorText(load.error, locale) })}
          </p>
        )}
        {load.state === 'ready' && (
          <CaseQueue
            cases={cases}
            offset={load.offset}
            total={load.list.total}
            cursor={cursor}
            openId={openId}
            backendNow={backendNow}
            onOpen={open}
            onFirstVisible={followScroll}
            resetKey={filters}
          />
        )}
      </div>
      {help && <ShortcutHelp onClose={() => setHelp(false)} />}
      {adminOpen && (
        <Suspense fallback={null}>
          <AdminScreen towns={towns} onClose={() => setAdminOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
