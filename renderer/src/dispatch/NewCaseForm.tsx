import { useState, type FormEvent, type ReactNode } from 'react';
import {
  CASE_CHANNELS,
  type CaseChannel,
  type CaseDetail,
  type ItemTypeInfo,
} from '../../../shared/api/cases-contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor, type ActorRole } from './actors.ts';
import { ItemSearch } from './ItemSearch.tsx';
import { caseErrorText } from './labels.ts';

interface Props {
  point: { lon: number; lat: number } | null;
  role: ActorRole;
  onCreated(c: CaseDetail): void;
  onCancel(): void;
}

/** Channels an operator types in by hand; the simulator and the APIs report by themselves. */
const HAND_CHANNELS = CASE_CHANNELS.filter((c) => !['api', 'open311', 'simulator'].includes(c));

function coordinate(text: string, limit: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** A case at the clicked (or typed) place: item type, description, channel; checked before it is sent. */
export function NewCaseForm({ point, role, onCreated, onCancel }: Props): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [lon, setLon] = useState(point ? point.lon.toFixed(6) : '');
  const [lat, setLat] = useState(point ? point.lat.toFixed(6) : '');
  const [item, setItem] = useState<ItemTypeInfo | null>(null);
  const [description, setDescription] = useState('');
  const [channel, setChannel] = useState<CaseChannel>('operator');
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const x = coordinate(lon, 180);
    const y = coordinate(lat, 90);
    const found = [
      ...(x === null ? [t('newCase.badLon')] : []),
      ...(y === null ? [t('newCase.badLat')] : []),
      ...(item ? [] : [t('newCase.needItem')]),
      ...(description.trim() ? [] : [t('newCase.needDescription')]),
    ];
    setProblems(found);
    if (found.length || x === null || y === null || !item) return;
    setBusy(true);
    api
      .invoke('cases.create', {
        itemCode: item.code,
        lon: x,
        lat: y,
        description: description.trim(),
        channel,
        actor: actorFor(role, locale),
      })
      .then(
        (c) => {
          setBusy(false);
          onCreated(c);
        },
        (err: unknown) => {
          setBusy(false);
          setProblems([t('newCase.failed', { message: caseErrorText(errorBodyOf(err), locale) })]);
        },
      );
  };

  return (
    <form className="new-case-form" data-testid="new-case-form" onSubmit={submit} noValidate>
      <h3 className="detail-heading">{t('newCase.title')}</h3>
      <div className="form-row">
        <label>
          <span>{t('newCase.lon')}</span>
          <input
            data-testid="new-case-lon"
            inputMode="decimal"
            value={lon}
            onChange={(e) => setLon(e.target.value)}
          />
        </label>
        <label>
          <span>{t('newCase.lat')}</span>
          <input
            data-testid="new-case-lat"
            inputMode="decimal"
            value={lat}
            onChange={(e) => setLat(e.target.value)}
          />
        </label>
      </div>
      <label>
        <span>{t('newCase.item')}</span>
        <ItemSearch chosen={item} onChoose={setItem} />
      </label>
      <label>
        <span>{t('newCase.description')}</span>
        <textarea
          data-testid="new-case-description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
      </label>
      <label>
        <span>{t('newCase.channel')}</span>
        <select
          data-testid="new-case-channel"
          value={channel}
          onChange={(e) => setChannel(e.target.value as CaseChannel)}
        >
          {HAND_CHANNELS.map((c) => (
            <option key={c} value={c}>
              {t(`channel.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {problems.length > 0 && (
        <ul className="form-problems" role="alert" data-testid="new-case-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <div className="form-buttons">
        <button type="submit" className="button" data-testid="new-case-submit" disabled={busy}>
          {t('newCase.submit')}
        </button>
        <button type="button" className="button quiet" data-testid="new-case-cancel" onClick={onCancel}>
          {t('newCase.cancel')}
        </button>
      </div>
    </form>
  );
}
