/**
 * Wires the hotline import and the drill simulator to the data file and the case services, and
 * gives the backend its handlers for the intake.* and drill.* methods.
 */
import type { DrillHotspot, intakeRequestSchemas } from '../../../shared/api/intake-contract.ts';
import type { ParsedRequestOf, PushEvent, ResponseOf } from '../../../shared/api/contract.ts';
import { ApiError } from '../api-error.ts';
import { actorOf } from '../cases/case-service.ts';
import type { CaseModule } from '../cases/case-module.ts';
import type { GridService } from '../grid-service.ts';
import type { Store } from '../store/store.ts';
import { DRILL_ACTOR, DrillService } from './drill.ts';
import { HotlineImport } from './hotline-import.ts';
import { UploadStore } from './uploads.ts';

export type IntakeMethod = keyof typeof intakeRequestSchemas;
export type IntakeHandlers = {
  [M in IntakeMethod]: (p: ParsedRequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>;
};

export interface IntakeModule {
  handlers: IntakeHandlers;
  close(): Promise<void>;
}

export interface IntakeModuleOptions {
  store: Store | null;
  cases: CaseModule;
  grid: GridService | null;
  now: () => number;
  emit: (e: PushEvent) => void;
}

const DEFAULT_HOTSPOTS = 3;
const DEFAULT_RADIUS_M = 400;

export function createIntakeModule(opts: IntakeModuleOptions): IntakeModule {
  const { store } = opts;
  const services = (): NonNullable<ReturnType<CaseModule['services']>> => {
    const s = opts.cases.services();
    if (!s || !store)
      throw new ApiError('store_unavailable', 'The data file or its reference data is not loaded');
    return s;
  };
  const needStore = (): Store => {
    if (!store) throw new ApiError('store_unavailable', 'The data file is not open');
    return store;
  };
  const uploads = new UploadStore();
  const hotline = store
    ? new HotlineImport({ store, uploads, services, now: opts.now, emit: opts.emit })
    : null;
  // A drill without hotspots centres on a few communities, at points inside them (label points).
  const defaultHotspots = (random: () => number): DrillHotspot[] => {
    const points = opts.grid?.labelPoints('community').features ?? [];
    const picked: DrillHotspot[] = [];
    for (let i = 0; i < Math.min(DEFAULT_HOTSPOTS, points.length); i++) {
      const [lon, lat] = points[Math.floor(random() * points.length)]!.geometry.coordinates as [
        number,
        number,
      ];
      picked.push({ lon, lat, radiusM: DEFAULT_RADIUS_M, weight: 1 });
    }
    return picked;
  };
  const drill = store
    ? new DrillService({ store, services, defaultHotspots, emit: opts.emit, now: opts.now })
    : null;
  const need = <T>(svc: T | null): T => {
    if (!svc) throw new ApiError('store_unavailable', 'The data file is not open');
    return svc;
  };

  const handlers: IntakeHandlers = {
    'intake.upload': (p) => {
      needStore();
      return uploads.append(
        p.uploadId,
        p.totalBytes,
        p.offset,
        new Uint8Array(Buffer.from(p.chunkBase64, 'base64')),
      );
    },
    'intake.preview': (p) => need(hotline).preview(p),
    'intake.import': (p) => need(hotline).import(p, actorOf(p.actor)),
    'drill.start': (p) => need(drill).start(p, actorOf(p.actor)),
    'drill.stop': (p) => need(drill).stop(actorOf(p.actor, DRILL_ACTOR)),
    'drill.status': () => need(drill).status(),
    'drill.purge': (p) => need(drill).purge(actorOf(p.actor)),
  };
  return {
    handlers,
    close: async () => {
      await drill?.close();
    },
  };
}
