import { useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CalendarDoc, CalendarYear } from './ref-types.ts';
import { SaveBar } from './SaveBar.tsx';
import type { RefData } from './use-ref-data.ts';

/** Public holidays and make-up working days (调休) per year; working hours are shown for reference. */
export function CalendarEditor({ data }: { data: RefData<CalendarDoc> }): ReactNode {
  const { t } = useI18n();
  const [picked, setPicked] = useState<number | null>(null);
  if (data.load.state !== 'ready') return null;
  const doc = data.load.draft;
  const years = doc.years.map((y) => y.year);
  const yearNo = picked !== null && years.includes(picked) ? picked : (years.at(-1) ?? null);
  const yi = doc.years.findIndex((y) => y.year === yearNo);
  const year = yi >= 0 ? doc.years[yi]! : null;

  const setYear = (next: CalendarYear): void =>
    data.edit({ ...doc, years: doc.years.map((y, i) => (i === yi ? next : y)) });

  const addYear = (): void => {
    const n = (years.length ? Math.max(...years) : new Date().getFullYear() - 1) + 1;
    data.edit({
      ...doc,
      years: [
        ...doc.years,
        { year: n, source: t('admin.calendar.newSource'), verified: false, holidays: [], makeUpWorkdays: [] },
      ],
    });
    setPicked(n);
  };

  return (
    <div className="admin-stack">
      <p className="muted">
        {t('admin.calendar.hours', {
          hours: (doc.workingPeriods ?? []).map((p) => `${p.start}–${p.end}`).join('、'),
        })}
      </p>
      <div className="admin-list-bar">
        <select
          data-testid="admin-calendar-year"
          value={yearNo ?? ''}
          onChange={(e) => setPicked(Number(e.target.value))}
        >
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button quiet"
          data-testid="admin-calendar-add-year"
          onClick={addYear}
        >
          ＋ {t('admin.calendar.addYear')}
        </button>
      </div>
      {year && (
        <>
          <label className="admin-inline wide">
            <span>{t('admin.calendar.source')}</span>
            <input value={year.source} onChange={(e) => setYear({ ...year, source: e.target.value })} />
          </label>
          <label className="admin-inline">
            <input
              type="checkbox"
              checked={year.verified ?? false}
              onChange={(e) => setYear({ ...year, verified: e.target.checked })}
            />
            <span>{t('admin.calendar.verified')}</span>
          </label>
          <h3>{t('admin.calendar.holidays')}</h3>
          <table className="admin-table" data-testid="admin-holidays">
            <thead>
              <tr>
                <th>{t('admin.calendar.name')}</th>
                <th>{t('admin.calendar.from')}</th>
                <th>{t('admin.calendar.to')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {year.holidays.map((h, i) => (
                <tr key={i}>
                  <td>
                    <input
                      data-testid={`admin-holiday-name-${i}`}
                      value={h.name}
                      onChange={(e) =>
                        setYear({
                          ...year,
                          holidays: year.holidays.map((x, j) =>
                            j === i ? { ...x, name: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="date"
                      data-testid={`admin-holiday-from-${i}`}
                      value={h.from}
                      onChange={(e) =>
                        setYear({
                          ...year,
                          holidays: year.holidays.map((x, j) =>
                            j === i ? { ...x, from: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      type="date"
                      data-testid={`admin-holiday-to-${i}`}
                      value={h.to}
                      onChange={(e) =>
                        setYear({
                          ...year,
                          holidays: year.holidays.map((x, j) => (j === i ? { ...x, to: e.target.value } : x)),
                        })
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setYear({ ...year, holidays: year.holidays.filter((_, j) => j !== i) })}
                    >
                      {t('admin.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="button quiet"
            data-testid="admin-holiday-add"
            onClick={() =>
              setYear({
                ...year,
                holidays: [
                  ...year.holidays,
                  {
                    name: t('admin.calendar.newHoliday'),
                    from: `${year.year}-01-01`,
                    to: `${year.year}-01-01`,
                  },
                ],
              })
            }
          >
            ＋ {t('admin.calendar.addHoliday')}
          </button>
          <h3>{t('admin.calendar.makeUp')}</h3>
          <table className="admin-table" data-testid="admin-makeup">
            <thead>
              <tr>
                <th>{t('admin.calendar.date')}</th>
                <th>{t('admin.calendar.for')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {year.makeUpWorkdays.map((m, i) => (
                <tr key={i}>
                  <td>
                    <input
                      type="date"
                      value={m.date}
                      onChange={(e) =>
                        setYear({
                          ...year,
                          makeUpWorkdays: year.makeUpWorkdays.map((x, j) =>
                            j === i ? { ...x, date: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </td>
                  <td>
                    <input
                      value={m.for}
                      onChange={(e) =>
                        setYear({
                          ...year,
                          makeUpWorkdays: year.makeUpWorkdays.map((x, j) =>
                            j === i ? { ...x, for: e.target.value } : x,
                          ),
                        })
                      }
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() =>
                        setYear({ ...year, makeUpWorkdays: year.makeUpWorkdays.filter((_, j) => j !== i) })
                      }
                    >
                      {t('admin.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button
            type="button"
            className="button quiet"
            onClick={() =>
              setYear({
                ...year,
                makeUpWorkdays: [
                  ...year.makeUpWorkdays,
                  { date: `${year.year}-01-01`, for: year.holidays[0]?.name ?? '' },
                ],
              })
            }
          >
            ＋ {t('admin.calendar.addMakeUp')}
          </button>
        </>
      )}
      <SaveBar data={data} testId="admin-calendar" />
    </div>
  );
}
