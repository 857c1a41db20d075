import { useEffect, useRef, type ReactNode } from 'react';

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
  const card = useRef<HTMLDivElement>(null);
  // Focus moves into the dialog so Esc closes it even before anything in it was clicked.
  useEffect(() => {
    if (!card.current?.contains(document.activeElement)) card.current?.focus();
  }, []);
  return (
    <div className="ed-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={card}
        tabIndex={-1}
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
