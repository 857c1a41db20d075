/**
 * The coverage tolerances of the data file, in a popover of the coverage panel: area (m²), sliver
 * width (m) and the snap fix's reach (m), each checked against its range as it is typed and again by
 * the backend. Saving stores them in the data file (the publish gate uses them) and the panel's
 * check runs again in full under them.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  DEFAULT_TOLERANCES,
  TOLERANCE_KEYS,
  TOLERANCE_RANGES,
  validateTolerances,
  type CoverageTolerances,
  type ToleranceKey,
} from '../../../shared/coverage/tolerances.ts';
import type { CoverageResponses } from '../../../shared/api/coverage-contract.ts';
import { formatMessage } from '../../../shared/coverage/messages.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { describeCoverageError } from './CoverageFixes.tsx';

type Saved = CoverageResponses['draft.setTolerances'];
type Texts = Record<ToleranceKey, string>;

const UNIT: Record<ToleranceKey, 'coverage.tolerance.unit.m2' | 'coverage.tolerance.unit.m'> = {
  minAreaM2: 'coverage.tolerance.unit.m2',
  minWidthM: 'coverage.tolerance.unit.m',
  snapFixM: 'coverage.tolerance.unit.m',
};

const textsOf = (t: CoverageTolerances): Texts =>
  Object.fromEntries(TOLERANCE_KEYS.map((k) => [k, String(t[k])])) as Texts;
/** An empty field is no number (Number('') would be 0). */
const valuesOf = (x: Texts): Record<ToleranceKey, number> =>
  Object.fromEntries(TOLERANCE_KEYS.map((k) => [k, x[k].trim() === '' ? NaN : Number(x[k])])) as Record<
    ToleranceKey,
    number
  >;

export function ToleranceSettings({
  tolerances,
  onSaved,
}: {
  tolerances: CoverageTolerances;
  onSaved(r: Saved): void;
}): ReactNode {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="ed-tol">
      <button
        type="button"
        className="link ed-tol-open"
        data-testid="coverage-tolerances"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {t('coverage.tolerance.open')}
      </button>
      {open && (
        <TolerancePopover
          initial={tolerances}
          onClose={() => setOpen(false)}
          onSaved={(r) => {
            setOpen(false);
            onSaved(r);
          }}
        />
      )}
    </div>
  );
}

function TolerancePopover({
  initial,
  onClose,
  onSaved,
}: {
  initial: CoverageTolerances;
  onClose(): void;
  onSaved(r: Saved): void;
}): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [texts, setTexts] = useState<Texts>(() => textsOf(initial));
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const check = validateTolerances(valuesOf(texts));
  const wrong = new Map(check.ok ? [] : check.problems.map((p) => [p.field, p]));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setTried(true);
    setProblem(null);
    if (!check.ok) return;
    setSaving(true);
    api
      .invoke('draft.setTolerances', { tolerances: check.tolerances })
      .then(onSaved)
      .catch((err: unknown) => setProblem(describeCoverageError(err, locale)))
      .finally(() => setSaving(false));
  };

  return (
    <form
      className="ed-tol-pop"
      role="dialog"
      aria-label={t('coverage.tolerance.title')}
      data-testid="coverage-tolerance-popover"
      // Our own messages, in the planner's language, not the browser's bubble for min/max.
      noValidate
      onSubmit={submit}
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <h3>{t('coverage.tolerance.title')}</h3>
      <p className="ed-tol-scope">{t('coverage.tolerance.scope')}</p>
      {TOLERANCE_KEYS.map((k) => {
        const bad = wrong.get(k);
        const shown = bad && (tried || texts[k] !== String(initial[k]));
        const r = TOLERANCE_RANGES[k];
        return (
          <label key={k} className={`ed-tol-field${shown ? ' bad' : ''}`}>
            <span className="ed-tol-name">{t(`coverage.tolerance.${k}`)}</span>
            <span className="ed-tol-input">
              <input
                type="number"
                inputMode="decimal"
                min={r.min}
                max={r.max}
                step="any"
                value={texts[k]}
                aria-invalid={shown ? true : undefined}
                data-testid={`coverage-tolerance-${k}`}
                onChange={(e) => setTexts({ ...texts, [k]: e.target.value })}
              />
              <span className="muted">{t(UNIT[k])}</span>
            </span>
            <span className="ed-tol-hint">{t(`coverage.tolerance.${k}.hint`)}</span>
            <span className="ed-tol-hint ed-tol-range">
              {t('coverage.tolerance.range', { min: r.min, max: r.max, default: DEFAULT_TOLERANCES[k] })}
            </span>
            {shown && bad && (
              <span className="ed-tol-problem" role="alert" data-testid={`coverage-tolerance-problem-${k}`}>
                {formatMessage(bad.key, bad.params, locale)}
              </span>
            )}
          </label>
        );
      })}
      {problem && (
        <p className="ed-problem" role="alert" data-testid="coverage-tolerance-problem">
          {problem}
        </p>
      )}
      <div className="ed-tol-actions">
        <button
          type="button"
          className="link"
          data-testid="coverage-tolerance-defaults"
          onClick={() => setTexts(textsOf(DEFAULT_TOLERANCES))}
        >
          {t('coverage.tolerance.defaults')}
        </button>
        <span className="ed-tol-grow" />
        <button type="button" className="button quiet" onClick={onClose}>
          {t('coverage.tolerance.cancel')}
        </button>
        <button
          type="submit"
          className="button"
          disabled={saving || (tried && !check.ok)}
          data-testid="coverage-tolerance-save"
        >
          {t(saving ? 'coverage.tolerance.saving' : 'coverage.tolerance.save')}
        </button>
      </div>
    </form>
  );
}
