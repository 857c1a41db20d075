import { useState, type ReactNode } from 'react';
import type { AttachmentInfo } from '../../../shared/api/cases-contract.ts';
import { errorBodyOf } from '../client/api-client.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { actorFor } from './actors.ts';
import { ATTACHMENT_TYPES, prepareFile } from './attachment-file.ts';
import { caseErrorText } from './labels.ts';
import { useActorRole } from './use-actor-role.ts';

interface Props {
  caseId: string;
  /** Files uploaded and waiting for the next action to reference them. */
  pending: readonly AttachmentInfo[];
  onPending(next: AttachmentInfo[]): void;
}

/**
 * Photos and files for the next step: each is stored with the case as soon as it is chosen (so
 * nothing is lost if the step is then refused) and referenced by whichever action is taken next.
 */
export function AttachmentPicker({ caseId, pending, onPending }: Props): ReactNode {
  const api = useApi();
  const { t, locale } = useI18n();
  const [role] = useActorRole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = async (files: FileList | null): Promise<void> => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    const added: AttachmentInfo[] = [];
    for (const file of Array.from(files)) {
      const prepared = await prepareFile(file);
      if (!prepared.ok) {
        setError(t(prepared.reason === 'type' ? 'attach.badType' : 'attach.tooLarge', { name: file.name }));
        continue;
      }
      try {
        const { ok: _ok, ...body } = prepared;
        added.push(await api.invoke('cases.attach', { id: caseId, ...body, actor: actorFor(role, locale) }));
      } catch (e) {
        setError(t('attach.failed', { name: file.name, message: caseErrorText(errorBodyOf(e), locale) }));
      }
    }
    setBusy(false);
    onPending([...pending, ...added]);
  };

  return (
    <div className="attachment-picker" data-testid="attachment-picker">
      <label className="button quiet">
        ＋ {busy ? t('attach.uploading') : t('attach.add')}
        <input
          type="file"
          multiple
          hidden
          data-testid="attachment-input"
          accept={ATTACHMENT_TYPES.join(',')}
          disabled={busy}
          onChange={(e) => {
            void choose(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {pending.length > 0 && (
        <span className="muted" data-testid="attachment-pending">
          {t('attach.pending', { names: pending.map((a) => a.name).join('、') })}
        </span>
      )}
      {error && (
        <p className="panel-note error" role="alert" data-testid="attachment-error">
          {error}
        </p>
      )}
    </div>
  );
}
