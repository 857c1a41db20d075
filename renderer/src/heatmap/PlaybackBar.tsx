import { useState, type ReactNode, type Ref } from 'react';
import {
  PLAYBACK_LENGTHS,
  PLAYBACK_SPANS,
  PLAYBACK_SPEEDS,
  type PlaybackSpan,
} from '../../../shared/metrics/playback.ts';
import type { ResolvedWindow } from '../../../shared/metrics/time-window.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { clockText, fromLocalInput, toDateInput } from './shanghai-time.ts';
import type { Playback } from './use-heatmap.ts';

interface Props {
  clock: number;
  shown: ResolvedWindow;
  playback: Playback | null;
  onStart(span: PlaybackSpan, at: number): void;
  onChange(patch: Partial<Pick<Playback, 'length' | 'speed' | 'end' | 'playing'>>): void;
  onStop(): void;
  ref?: Ref<HTMLDivElement>;
}

const HOUR = 3_600_000;

/** The time bar under the map: the current time large, live or playback with its controls. */
export function PlaybackBar({ clock, shown, playback, onStart, onChange, onStop, ref }: Props): ReactNode {
  const { t } = useI18n();
  const [date, setDate] = useState(() => toDateInput(clock));
  const duration = (ms: number): string =>
    ms < 24 * HOUR ? t('heat.hours', { n: ms / HOUR }) : t('heat.days', { n: ms / (24 * HOUR) });
  return (
    <div ref={ref} className="heat-bar" data-testid="heat-bar" data-mode={playback ? 'playback' : 'live'}>
      <div className="heat-clock">
        <span className={`heat-mode${playback ? '' : ' live'}`}>
          {playback ? t('heat.playback') : t('heat.live')}
        </span>
        <time className="heat-now" data-testid="heat-clock" data-time={Math.round(clock)}>
          {clockText(clock)}
        </time>
        <span className="heat-range">
          {t('heat.windowRange', { from: clockText(shown.from, false), to: clockText(shown.to, false) })}
        </span>
      </div>
      {!playback ? (
        <div className="heat-bar-tools">
          <label>
            <span>{t('heat.playDate')}</span>
            <input
              type="date"
              data-testid="heat-play-date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </label>
          {PLAYBACK_SPANS.map((s) => (
            <button
              key={s}
              type="button"
              className="heat-chip"
              data-testid={`heat-play-${s}`}
              onClick={() => onStart(s, (fromLocalInput(date) ?? clock) + 12 * HOUR)}
            >
              {t('heat.playback')} · {t(`heat.span.${s}`)}
            </button>
          ))}
        </div>
      ) : (
        <div className="heat-bar-tools">
          <button
            type="button"
            className="heat-play"
            data-testid="heat-play-toggle"
            aria-pressed={playback.playing}
            onClick={() => onChange({ playing: !playback.playing })}
          >
            {playback.playing ? t('heat.pause') : t('heat.play')}
          </button>
          <input
            type="range"
            className="heat-slider"
            data-testid="heat-slider"
            aria-label={t('heat.slider')}
            min={playback.range.from}
            max={playback.range.to}
            step={60_000}
            value={playback.end}
            onChange={(e) => onChange({ end: Number(e.target.value), playing: false })}
          />
          <label>
            <span>{t('heat.speed')}</span>
            <select
              data-testid="heat-speed"
              value={playback.speed}
              onChange={(e) => onChange({ speed: Number(e.target.value) })}
            >
              {PLAYBACK_SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {t('heat.speedValue', { value: duration(s) })}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('heat.length')}</span>
            <select
              data-testid="heat-length"
              value={playback.length}
              onChange={(e) => onChange({ length: Number(e.target.value) })}
            >
              {PLAYBACK_LENGTHS.map((l) => (
                <option key={l} value={l}>
                  {duration(l)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="heat-chip" data-testid="heat-stop" onClick={onStop}>
            {t('heat.stop')}
          </button>
        </div>
      )}
    </div>
  );
}
