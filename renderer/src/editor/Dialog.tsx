import type { ReactNode } from 'react';

/** A modal card over the editor; Esc and the backdrop close it through `onClose`. */
export function Dialog({
  title,
  testId,
  onClose,
  children,
}: {
  title: string;
  testId: string;
  onClose(): void;
  children: ReactNode;
}): ReactNode {
  return (
    <div className="ed-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className="ed-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          e.stopPropagation();
        }}
      >
        <h2 className="panel-title">{title}</h2>
        {children}
      </div>
    </div>
  );
}
