import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { findUnit, type DraftLayers } from './draft-model.ts';

/** The selected units' attributes: one in full, several as a list. */
export function SelectionPanel({
  layers,
  selection,
}: {
  layers: DraftLayers;
  selection: string[];
}): ReactNode {
  const { t } = useI18n();
  const units = selection.flatMap((c) => findUnit(layers, c) ?? []);
  const one = units.length === 1 ? units[0]!.properties : null;
  const parent = one?.parentCode ? findUnit(layers, one.parentCode)?.properties : undefined;
  return (
    <section className="panel ed-selection" data-testid="editor-selection">
      <h2 className="panel-title">{t('editor.selection.title')}</h2>
      {units.length === 0 && <p className="panel-note">{t('editor.selection.empty')}</p>}
      {one && (
        <dl className="ed-attrs">
          <dt>{t('editor.attr.name')}</dt>
          <dd data-testid="editor-attr-name">{one.name}</dd>
          <dt>{t('editor.attr.code')}</dt>
          <dd className="mono" data-testid="editor-attr-code">
            {one.code}
          </dd>
          <dt>{t('editor.attr.level')}</dt>
          <dd>{t(`levelLong.${one.level}`)}</dd>
          <dt>{t('editor.attr.parent')}</dt>
          <dd>{parent ? `${parent.name} · ${parent.code}` : (one.parentCode ?? '—')}</dd>
          <dt>{t('editor.attr.kind')}</dt>
          <dd>{one.kind ? t(`editor.kind.${one.kind}`) : '—'}</dd>
        </dl>
      )}
      {units.length > 1 && (
        <>
          <p className="panel-note" data-testid="editor-selection-count">
            {t('editor.selection.count', { count: units.length })}
          </p>
          <ul className="ed-list">
            {units.map((u) => (
              <li key={u.properties.code}>
                {u.properties.name} <span className="mono muted">{u.properties.code}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
