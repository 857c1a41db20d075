import type { ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DepartmentsDoc } from './ref-types.ts';
import { SaveBar } from './SaveBar.tsx';
import type { RefData } from './use-ref-data.ts';

interface Props {
  data: RefData<DepartmentsDoc>;
  towns: readonly TreeNode[];
}

/** Which template each town uses, and the names of the template and district departments. */
export function DepartmentsEditor({ data, towns }: Props): ReactNode {
  const { t } = useI18n();
  if (data.load.state !== 'ready') return null;
  const doc = data.load.draft;
  const chosen = doc.townTemplates ?? {};

  const setTown = (code: string, template: string): void => {
    const next = { ...chosen };
    if (template === '') delete next[code];
    else next[code] = template;
    const { townTemplates: _drop, ...rest } = doc;
    data.edit(Object.keys(next).length ? { ...rest, townTemplates: next } : rest);
  };

  const renameTemplateDept = (ti: number, di: number, name: string): void =>
    data.edit({
      ...doc,
      templates: doc.templates.map((tp, i) =>
        i !== ti ? tp : { ...tp, departments: tp.departments.map((d, j) => (j === di ? { ...d, name } : d)) },
      ),
    });

  const renameDistrict = (di: number, name: string): void =>
    data.edit({
      ...doc,
      districtDepartments: doc.districtDepartments.map((d, j) => (j === di ? { ...d, name } : d)),
    });

  const roleName = new Map(doc.roles.map((r) => [r.id, r.name]));

  return (
    <div className="admin-stack">
      <section>
        <h3>{t('admin.departments.towns')}</h3>
        <label className="admin-inline">
          <span>{t('admin.departments.default')}</span>
          <select
            data-testid="admin-default-template"
            value={doc.defaultTemplate}
            onChange={(e) => data.edit({ ...doc, defaultTemplate: e.target.value })}
          >
            {doc.templates.map((tp) => (
              <option key={tp.id} value={tp.id}>
                {tp.name}
              </option>
            ))}
          </select>
        </label>
        <table className="admin-table">
          <thead>
            <tr>
              <th>{t('admin.departments.town')}</th>
              <th>{t('admin.departments.template')}</th>
            </tr>
          </thead>
          <tbody>
            {towns.map((town) => (
              <tr key={town.code}>
                <td>
                  {town.name} <span className="muted mono">{town.code}</span>
                </td>
                <td>
                  <select
                    data-testid={`admin-town-template-${town.code}`}
                    value={chosen[town.code] ?? ''}
                    onChange={(e) => setTown(town.code, e.target.value)}
                  >
                    <option value="">
                      {t('admin.departments.useDefault', {
                        name:
                          doc.templates.find((x) => x.id === doc.defaultTemplate)?.name ??
                          doc.defaultTemplate,
                      })}
                    </option>
                    {doc.templates.map((tp) => (
                      <option key={tp.id} value={tp.id}>
                        {tp.name}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {doc.templates.map((tp, ti) => (
        <section key={tp.id}>
          <h3>{tp.name}</h3>
          <table className="admin-table">
            <thead>
              <tr>
                <th>{t('admin.departments.name')}</th>
                <th>{t('admin.departments.roles')}</th>
              </tr>
            </thead>
            <tbody>
              {tp.departments.map((d, di) => (
                <tr key={d.key}>
                  <td>
                    <input
                      data-testid={`admin-dept-${tp.id}-${d.key}`}
                      value={d.name}
                      onChange={(e) => renameTemplateDept(ti, di, e.target.value)}
                    />
                  </td>
                  <td className="muted">{d.roles.map((r) => roleName.get(r) ?? r).join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <section>
        <h3>{t('admin.departments.district')}</h3>
        <table className="admin-table">
          <tbody>
            {doc.districtDepartments.map((d, di) => (
              <tr key={d.id}>
                <td>
                  <input value={d.name} onChange={(e) => renameDistrict(di, e.target.value)} />
                </td>
                <td className="muted">{d.roles.map((r) => roleName.get(r) ?? r).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <SaveBar data={data} testId="admin-departments" />
    </div>
  );
}
