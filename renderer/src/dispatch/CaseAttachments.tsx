import { useEffect, useState, type ReactNode } from 'react';
import type { AttachmentInfo } from '../../../shared/api/cases-contract.ts';
import { useApi } from '../client/ClientProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The case's files, with a thumbnail for each image; a click opens the image at full size. */
export function CaseAttachments({
  caseId,
  items,
}: {
  caseId: string;
  items: readonly AttachmentInfo[];
}): ReactNode {
  const { t, formatDateTime, formatInteger } = useI18n();
  const [viewing, setViewing] = useState<{ name: string; url: string } | null>(null);
  if (items.length === 0) return <p className="panel-note">{t('detail.noAttachments')}</p>;
  return (
    <>
      <ul className="case-attachments" data-testid="case-attachments">
        {items.map((a) => (
          <li key={a.id} data-testid={`attachment-${a.id}`}>
            {a.mediaType.startsWith('image/') ? (
              <Thumbnail caseId={caseId} a={a} onOpen={(url) => setViewing({ name: a.name, url })} />
            ) : (
              <span className="attachment-icon">PDF</span>
            )}
            <span className="attachment-text">
              <span>{a.name}</span>
              <span className="muted">
                {formatInteger(Math.ceil(a.sizeBytes / 1024))} KB · {a.addedByName} ·{' '}
                {formatDateTime(a.addedAt)}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {viewing && (
        <div
          className="attachment-viewer"
          role="dialog"
          data-testid="attachment-viewer"
          onClick={() => setViewing(null)}
        >
          <img src={viewing.url} alt={viewing.name} />
        </div>
      )}
    </>
  );
}

function Thumbnail({
  caseId,
  a,
  onOpen,
}: {
  caseId: string;
  a: AttachmentInfo;
  onOpen(url: string): void;
}): ReactNode {
  const api = useApi();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api.invoke('cases.attachment', { id: caseId, attachmentId: a.id }).then(
      (r) => live && setUrl(`data:${r.mediaType};base64,${r.dataBase64}`),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [api, caseId, a.id]);
  if (failed) return <span className="attachment-icon">!</span>;
  if (!url) return <span className="attachment-icon">…</span>;
  return (
    <button type="button" className="attachment-thumb" onClick={() => onOpen(url)}>
      <img src={url} alt={a.name} data-testid={`attachment-thumb-${a.id}`} />
    </button>
  );
}
