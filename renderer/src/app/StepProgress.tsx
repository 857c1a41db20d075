import type { ReactNode } from 'react';

const STEPS = 10;

/**
 * How far long work has got, in ten static steps (null: not known yet, one step under way). Never
 * animated: in software rendering an animated frame is drawn by the same CPU that does the work
 * (see renderer/src/map/render-kind.ts).
 */
export function StepProgress({ fraction }: { fraction: number | null }): ReactNode {
  const done = fraction === null ? 0 : Math.floor(Math.min(1, Math.max(0, fraction)) * STEPS);
  return (
    <div className="load-steps" aria-hidden="true">
      {fraction === null ? (
        <span className="load-step current" />
      ) : (
        Array.from({ length: STEPS }, (_, i) => (
          <span key={i} className={`load-step${i < done ? ' done' : i === done ? ' current' : ''}`} />
        ))
      )}
    </div>
  );
}
