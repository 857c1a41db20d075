/** Remembered UI state (locale, map view, layer visibility): small JSON values in app_setting. */
import type { PushEvent, ResponseOf } from '../../shared/api/contract.ts';
import { TOLERANCE_SETTING } from '../../shared/coverage/tolerances.ts';
import { ApiError } from './api-error.ts';
import type { Store } from './store/store.ts';

export class SettingsService {
  constructor(
    private readonly store: Store,
    private readonly emit: (e: PushEvent) => void,
  ) {}

  get(key: string): ResponseOf<'settings.get'> {
    const row = this.store.get<{ value: string }>('SELECT value FROM app_setting WHERE key = ?', [key]);
    return { key, value: row ? (JSON.parse(row.value) as unknown) : null };
  }

  async set(key: string, value: unknown): Promise<ResponseOf<'settings.set'>> {
    // Checked, audited and applied to the open draft by draft.setTolerances; never written blind.
    if (key === TOLERANCE_SETTING)
      throw new ApiError('bad_request', 'Coverage tolerances are set with draft.setTolerances', { key });
    await this.store.write([
      {
        sql: 'INSERT INTO app_setting(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
        params: [key, JSON.stringify(value), Date.now()],
      },
    ]);
    this.emit({ type: 'settings.changed', key });
    return { key };
  }
}
