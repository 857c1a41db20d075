import { useEffect, useState, type ReactNode } from 'react';
import { CODE_LENGTH } from '../../../../shared/editor/attributes.ts';
import { formatEditorMessage } from '../../../../shared/editor/messages.ts';
import type { EditOp } from '../../../../shared/editor/types.ts';
import { DEDICATED_SUBTYPES, type GridUnitAttributes } from '../../../../shared/grid/types.ts';
import { useApi } from '../../client/ClientProvider.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { describeEditorError } from '../editor-errors.ts';
import { editsOf, formOf, type AttributeForm } from './attribute-form.ts';
import './attributes.css';

type RequestOp = Exclude<EditOp, { op: 'patch' } | { op: 'fixCoverage' }>;

interface Props {
  code: string;
  /** Draft revision: the attributes are read again after every change (undo included). */
  revision: number;
  busy: boolean;
  taken(code: string): boolean;
  /** Runs one edit through the draft; resolves with the codes it created. */
  onEdit(op: RequestOp): Promise<string[]>;
  /** The unit now has another code (the selection follows it). */
  onRecoded(code: string): void;
}

/**
 * The selected unit's attributes as a form. Saving sends an attribute edit and, when the code was
 * changed, a code edit: each is an undoable step of the draft, written durably before it shows.
 */
export function AttributesPanel({ code, revision, busy, taken, onEdit, onRecoded }: Props): ReactNode {
  const { t, locale } = useI18n();
  const api = useApi();
  const [unit, setUnit] = useState<GridUnitAttributes | null>(null);
  const [form, setForm] = useState<AttributeForm | null>(null);
  // The message belongs to the unit it was about (after a code change: the new code).
  const [said, setSaid] = useState<{ text: string; bad: boolean; code: string } | null>(null);
  const message = said?.code === code ? said : null;
  const setMessage = (m: { text: string; bad: boolean } | null, about = code): void =>
    setSaid(m && { ...m, code: about });

  useEffect(() => {
    let live = true;
    api
      .invoke('draft.unit', { code })
      .then((u) => {
        // Gone (recoded, merged away): the selection moves on and this panel with it.
        if (!live || !u) return;
        setUnit(u);
        setForm(formOf(u));
      })
      .catch(() => live && setUnit(null));
    return () => {
      live = false;
    };
  }, [api, code, revision]);

  if (!unit || !form)
    return (
      <section className="panel ed-attr-form" data-testid="attrs-panel">
        <p className="panel-note">{t('editor.attrs.loading')}</p>
      </section>
    );

  const set = <K extends keyof AttributeForm>(k: K, v: AttributeForm[K]): void => {
    setForm({ ...form, [k]: v });
    setMessage(null);
  };
  const save = async (): Promise<void> => {
    const plan = editsOf(unit, form, taken);
    if (!plan.ok) {
      setMessage({ text: formatEditorMessage(plan.error.key, plan.error.params, locale), bad: true });
      return;
    }
    if (!plan.ops.length) {
      setMessage({ text: t('editor.attrs.unchanged'), bad: false });
      return;
    }
    try {
      let now = code;
      for (const op of plan.ops) {
        if (op.op === 'fixCoverage') continue; // never planned for attributes
        const created = await onEdit(op);
        if (op.op === 'setCode' && created[0]) now = created[0];
      }
      setMessage({ text: t('editor.attrs.saved'), bad: false }, now);
      if (now !== code) onRecoded(now);
    } catch (e) {
      setMessage({ text: describeEditorError(e, locale).message, bad: true });
    }
  };
  const isCell = unit.level === 'cell';
  const text = (
    k: keyof AttributeForm,
    label: string,
    opts: { numeric?: boolean; mono?: boolean } = {},
  ): ReactNode => (
    <label className="ed-field">
      <span>{label}</span>
      <input
        type="text"
        inputMode={opts.numeric ? 'numeric' : undefined}
        className={opts.mono ? 'mono' : undefined}
        value={form[k]}
        data-testid={`attrs-${k}`}
        onChange={(e) => set(k, e.target.value)}
      />
    </label>
  );
  const workers = (
    count: 'staffFullTime' | 'staffPartTime' | 'staffVolunteer',
    list: 'namesFullTime' | 'namesPartTime' | 'namesVolunteer',
    label: string,
  ): ReactNode => (
    <fieldset className="ed-workers">
      <legend>{label}</legend>
      {text(count, t('editor.attrs.count'), { numeric: true })}
      <label className="ed-field">
        <span>{t('editor.attrs.names')}</span>
        <textarea
          rows={2}
          value={form[list]}
          data-testid={`attrs-${list}`}
          onChange={(e) => set(list, e.target.value)}
        />
      </label>
    </fieldset>
  );

  return (
    <section className="panel ed-attr-form" data-testid="attrs-panel">
      <h2 className="panel-title">{t('editor.attrs.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="ed-field">
          <span>{t('editor.attrs.code')}</span>
          <input
            type="text"
            className="mono"
            value={form.code}
            maxLength={20}
            data-testid="attrs-code"
            onChange={(e) => set('code', e.target.value)}
          />
          <small className="muted">
            {t('editor.attrs.codeHint', { length: CODE_LENGTH[unit.level] ?? '' })}
          </small>
        </label>
        {text('name', t('editor.attrs.name'))}
        {isCell && (
          <div className="ed-field-row">
            <label className="ed-field">
              <span>{t('editor.attrs.kind')}</span>
              <select
                value={form.kind}
                data-testid="attrs-kind"
                onChange={(e) => {
                  const kind = e.target.value as AttributeForm['kind'];
                  setForm({ ...form, kind, subtype: kind === 'dedicated' ? form.subtype : '' });
                  setMessage(null);
                }}
              >
                <option value="">{t('editor.attrs.kindNone')}</option>
                <option value="comprehensive">{t('editor.kind.comprehensive')}</option>
                <option value="dedicated">{t('editor.kind.dedicated')}</option>
              </select>
            </label>
            <label className="ed-field">
              <span>{t('editor.attrs.subtype')}</span>
              <select
                value={form.subtype}
                disabled={form.kind !== 'dedicated'}
                data-testid="attrs-subtype"
                onChange={(e) => set('subtype', e.target.value as AttributeForm['subtype'])}
              >
                <option value="">—</option>
                {DEDICATED_SUBTYPES.map((s) => (
                  <option key={s} value={s}>
                    {t(`editor.subtype.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        <div className="ed-field-row">
          {isCell && text('chief', t('editor.attrs.chief'))}
          {text('population', t('editor.attrs.population'), { numeric: true })}
        </div>
        {isCell && (
          <>
            {workers('staffFullTime', 'namesFullTime', t('editor.attrs.fullTime'))}
            {workers('staffPartTime', 'namesPartTime', t('editor.attrs.partTime'))}
            {workers('staffVolunteer', 'namesVolunteer', t('editor.attrs.volunteer'))}
          </>
        )}
        <label className="ed-field">
          <span>{t('editor.attrs.notes')}</span>
          <textarea
            rows={2}
            value={form.notes}
            data-testid="attrs-notes"
            onChange={(e) => set('notes', e.target.value)}
          />
        </label>
        {message && (
          <p
            className={message.bad ? 'ed-attr-message bad' : 'ed-attr-message'}
            role={message.bad ? 'alert' : 'status'}
            data-testid="attrs-message"
            data-bad={message.bad ? 'true' : 'false'}
          >
            {message.text}
          </p>
        )}
        <div className="ed-actions">
          <button
            type="button"
            className="button quiet"
            data-testid="attrs-reset"
            onClick={() => {
              setForm(formOf(unit));
              setMessage(null);
            }}
          >
            {t('editor.attrs.reset')}
          </button>
          <button type="submit" className="button" disabled={busy} data-testid="attrs-save">
            {t('editor.attrs.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
