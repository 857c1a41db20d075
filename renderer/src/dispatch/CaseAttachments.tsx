import type { ReactNode } from 'react';
import type { AttachmentInfo } from '../../../shared/api/cases-contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

export function CaseAttachments({ items }: { items: readonly AttachmentInfo[] }): ReactNode {
  const { t, formatDateTime, formatInteger } = useI18n();
  if (items.length === 0) return <p className="panel-note">{t('detail.noAttachments')}</p>;
  return (
    <ul className="case-attachments" data-testid="case-attachments">
      {items.map((a) => (
        <li key={a.id}>
          <span>{a.name}</span>
          <span className="muted">
            {formatInteger(Math.ceil(a.sizeBytes / 1024))} KB · {a.addedBy} · {formatDateTime(a.addedAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}
