import { useEffect, useState, type ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorName } from '../dispatch/actors.ts';
import { useActorRole } from '../dispatch/use-actor-role.ts';
import { CalendarEditor } from './CalendarEditor.tsx';
import { DepartmentsEditor } from './DepartmentsEditor.tsx';
import { ItemsEditor } from './ItemsEditor.tsx';
import type { CalendarDoc, CatalogueDoc, DepartmentsDoc } from './ref-types.ts';
import { useRefData } from './use-ref-data.ts';
import { VersionHistory } from './VersionHistory.tsx';
import './admin.css';

type Tab = 'items' | 'departments' | 'calendar' | 'history';
const TABS: readonly Tab[] = ['items', 'departments', 'calendar', 'history'];

interface Props {
  towns: readonly TreeNode[];
  onClose(): void;
}

/**
 * The administrator's reference data screen: item catalogue, department templates per town, the
 * working calendar, and the version history. Only the administrator role opens it; every save is a
 * new numbered version that the backend validates and records with who and when.
 */
export function AdminScreen({ towns, onClose }: Props): ReactNode {
  const { t, locale } = useI18n();
  const [role] = useActorRole();
  const [tab, setTab] = useState<Tab>('items');
  const catalogue = useRefData<CatalogueDoc>('catalogue');
  const departments = useRefData<DepartmentsDoc>('departments');
  const calendar = useRefData<CalendarDoc>('calendar');
  const dirty = catalogue.dirty || departments.dirty || calendar.dirty;

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !dirty) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dirty, onClose]);

  return (
    <div className="admin-overlay" role="dialog" aria-modal="true" data-testid="admin-screen">
      <div className="admin-window">
        <header className="admin-head">
          <h2>{t('admin.title')}</h2>
          <span className="muted">{t('admin.signedIn', { name: actorName(role, locale) })}</span>
          <span className="muted admin-sample">{t('admin.sample')}</span>
          <button type="button" className="button quiet" data-testid="admin-close" onClick={onClose}>
            {dirty ? t('admin.closeDiscard') : t('admin.close')}
          </button>
        </header>
        {role !== 'admin' ? (
          <p className="panel-note error" role="alert" data-testid="admin-denied">
            {t('admin.denied')}
          </p>
        ) : (
          <>
            <nav className="admin-tabs" role="tablist">
              {TABS.map((x) => (
                <button
                  key={x}
                  type="button"
                  role="tab"
                  aria-selected={tab === x}
                  className={`side-tab${tab === x ? ' on' : ''}`}
                  data-testid={`admin-tab-${x}`}
                  onClick={() => setTab(x)}
                >
                  {t(`admin.tab.${x}`)}
                </button>
              ))}
            </nav>
            <div className="admin-body">
              {tab === 'items' && (
                <ItemsEditor
                  data={catalogue}
                  departments={departments.load.state === 'ready' ? departments.load.draft : null}
                />
              )}
              {tab === 'departments' && <DepartmentsEditor data={departments} towns={towns} />}
              {tab === 'calendar' && <CalendarEditor data={calendar} />}
              {tab === 'history' && <VersionHistory />}
            </div>
          </>
        )}
      </div>
    </div>
  );
}
