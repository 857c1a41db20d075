/**
 * A file chooser whose words come from our dictionaries: the browser's own file input labels its
 * button ("Choose File", "No file chosen") in the browser's language, not the app's. The input stays
 * in the page, hidden, so the button opens the system's file dialog and tests can still set files.
 */
import { useRef, type ReactNode } from 'react';
import './file-button.css';

interface Props {
  label: string;
  /** The chosen file's name, or what to show when none is chosen yet. */
  status: string;
  accept: string;
  disabled?: boolean;
  /** On the hidden input; the button gets `${testId}-button`. */
  testId?: string;
  onFile(file: File): void;
}

export function FileButton({ label, status, accept, disabled = false, testId, onFile }: Props): ReactNode {
  const input = useRef<HTMLInputElement>(null);
  return (
    <span className="file-button">
      <button
        type="button"
        className="button"
        disabled={disabled}
        data-testid={testId ? `${testId}-button` : undefined}
        onClick={() => input.current?.click()}
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        hidden
        accept={accept}
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so that choosing the same file again (after fixing it) is a change too.
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      <span className="file-button-status" data-testid={testId ? `${testId}-status` : undefined}>
        {status}
      </span>
    </span>
  );
}
