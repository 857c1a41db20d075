import { useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CatalogueDoc, CatalogueItem, DepartmentsDoc } from './ref-types.ts';
import { SaveBar } from './SaveBar.tsx';
import type { RefData } from './use-ref-data.ts';

interface Props {
  data: RefData<CatalogueDoc>;
  departments: DepartmentsDoc | null;
}

/** The item catalogue: find an item, change its fields, or add one; saved as a new version. */
export function ItemsEditor({ data, departments }: Props): ReactNode {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const doc = data.load.state === 'ready' ? data.load.draft : null;
  const items = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (doc?.items ?? []).filter(
      (i) =>
        !q ||
        i.code.toLowerCase().includes(q) ||
        i.name.includes(q) ||
        (i.nameEn ?? '').toLowerCase().includes(q),
    );
  }, [doc, query]);
  if (!doc) return null;
  const townRoles = (departments?.roles ?? []).filter((r) => r.level === 'town');
  const index = doc.items.findIndex((i) => i.code === selected);
  const item = index >= 0 ? doc.items[index]! : null;

  const change = (patch: Partial<CatalogueItem>): void => {
    if (index < 0) return;
    data.edit({ ...doc, items: doc.items.map((it, i) => (i === index ? { ...it, ...patch } : it)) });
  };

  const add = (): void => {
    const category = item?.category ?? doc.categories[0]!.code;
    const taken = new Set(doc.items.map((i) => i.code));
    let n = 1;
    while (taken.has(`${category}${String(n).padStart(2, '0')}`)) n++;
    const code = `${category}${String(n).padStart(2, '0')}`;
    const fresh: CatalogueItem = {
      code,
      category,
      name: t('admin.items.newName'),
      level: 'C',
      timeLimit: { value: 1, unit: 'workingDays' },
      defaultRole: item?.defaultRole ?? townRoles[0]?.id ?? '',
      acceptWhen: t('admin.items.newAccept'),
      closeWhen: t('admin.items.newClose'),
    };
    data.edit({ ...doc, items: [...doc.items, fresh] });
    setSelected(code);
    setQuery('');
  };

  return (
    <div className="admin-split">
      <div className="admin-list">
        <div className="admin-list-bar">
          <input
            data-testid="admin-item-search"
            placeholder={t('admin.items.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <button type="button" className="button quiet" data-testid="admin-item-add" onClick={add}>
            ＋ {t('admin.items.add')}
          </button>
        </div>
        <p className="muted">{t('admin.items.count', { count: items.length, total: doc.items.length })}</p>
        <ul className="admin-rows" role="listbox">
          {items.map((i) => (
            <li
              key={i.code}
              role="option"
              aria-selected={i.code === selected}
              className={i.code === selected ? 'on' : ''}
              data-testid={`admin-item-${i.code}`}
              onClick={() => setSelected(i.code)}
            >
              <span className="mono">{i.code}</span>
              <span>{i.name}</span>
              <span className="muted">
                {i.level} · {i.timeLimit.value}
                {t(i.timeLimit.unit === 'workingHours' ? 'admin.items.hoursShort' : 'admin.items.daysShort')}
              </span>
            </li>
          ))}
        </ul>
      </div>
      <div className="admin-form">
        {!item && <p className="panel-note">{t('admin.items.pick')}</p>}
        {item && (
          <div className="admin-fields" data-testid="admin-item-form">
            <label>
              <span>{t('admin.items.code')}</span>
              <input className="mono" value={item.code} readOnly />
            </label>
            <label>
              <span>{t('admin.items.category')}</span>
              <select value={item.category} disabled>
                {doc.categories.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.code} {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('admin.items.name')}</span>
              <input
                data-testid="admin-item-name"
                value={item.name}
                onChange={(e) => change({ name: e.target.value })}
              />
            </label>
            <label>
              <span>{t('admin.items.nameEn')}</span>
              <input
                value={item.nameEn ?? ''}
                onChange={(e) => change({ nameEn: e.target.value || undefined })}
              />
            </label>
            <label>
              <span>{t('admin.items.level')}</span>
              <select
                data-testid="admin-item-level"
                value={item.level}
                onChange={(e) => change({ level: e.target.value as CatalogueItem['level'] })}
              >
                {(['A', 'B', 'C'] as const).map((l) => (
                  <option key={l} value={l}>
                    {t('case.level', { level: l })}
                  </option>
                ))}
              </select>
            </label>
            <div className="admin-pair">
              <label>
                <span>{t('admin.items.limit')}</span>
                <input
                  data-testid="admin-item-limit"
                  inputMode="decimal"
                  value={String(item.timeLimit.value)}
                  onChange={(e) =>
                    change({ timeLimit: { ...item.timeLimit, value: Number(e.target.value) } })
                  }
                />
              </label>
              <label>
                <span>{t('admin.items.unit')}</span>
                <select
                  data-testid="admin-item-unit"
                  value={item.timeLimit.unit}
                  onChange={(e) =>
                    change({
                      timeLimit: {
                        ...item.timeLimit,
                        unit: e.target.value as 'workingHours' | 'workingDays',
                      },
                    })
                  }
                >
                  <option value="workingHours">{t('admin.items.hours')}</option>
                  <option value="workingDays">{t('admin.items.days')}</option>
                </select>
              </label>
            </div>
            <label>
              <span>{t('admin.items.role')}</span>
              <select
                data-testid="admin-item-role"
                value={item.defaultRole}
                onChange={(e) => change({ defaultRole: e.target.value })}
              >
                {!townRoles.some((r) => r.id === item.defaultRole) && (
                  <option value={item.defaultRole}>{item.defaultRole}</option>
                )}
                {townRoles.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="wide">
              <span>{t('admin.items.accept')}</span>
              <textarea
                rows={2}
                value={item.acceptWhen}
                onChange={(e) => change({ acceptWhen: e.target.value })}
              />
            </label>
            <label className="wide">
              <span>{t('admin.items.close')}</span>
              <textarea
                rows={2}
                value={item.closeWhen}
                onChange={(e) => change({ closeWhen: e.target.value })}
              />
            </label>
          </div>
        )}
        <SaveBar data={data} testId="admin-items" />
      </div>
    </div>
  );
}
