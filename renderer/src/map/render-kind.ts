/**
 * Whether the map is drawn by a GPU or in software (SwiftShader, llvmpipe: a PC without a working
 * graphics driver, a virtual desktop, a headless browser). In software every composited frame is
 * drawn and read back by the CPU, so a spinner or a pulsing dot that repaints 60 times a second takes
 * a core away from the map: measured on the 2-core test machine, the loading indicators' animations
 * alone added about 1.5 s to the Guangzhou first picture (7,661 → 6,191 ms in alternated runs).
 * The page is marked `<html data-render="software">`, the CSS drops its decorative animations there,
 * and the status bar tells the operator why the map is slow and what to check.
 */
import { useSyncExternalStore } from 'react';

export type RenderKind = 'hardware' | 'software' | 'unknown';

const SOFTWARE_RENDERERS =
  /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic|mesa offscreen/i;

/** What a WebGL renderer string (unmasked where the browser allows) says about the drawing. */
export function classifyRenderer(renderer: string): RenderKind {
  if (!renderer.trim()) return 'unknown';
  return SOFTWARE_RENDERERS.test(renderer) ? 'software' : 'hardware';
}

/** The renderer string of the context already on `canvas` (one synchronous GL query, once). */
export function rendererOf(canvas: HTMLCanvasElement): string {
  // getContext hands back the map's own context: no second one is created.
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const value: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  return typeof value === 'string' ? value : '';
}

let current: { kind: RenderKind; renderer: string } = { kind: 'unknown', renderer: '' };
const listeners = new Set<() => void>();

export function setRenderKind(renderer: string): void {
  const kind = classifyRenderer(renderer);
  if (kind === current.kind && renderer === current.renderer) return;
  current = { kind, renderer };
  document.documentElement.dataset.render = kind;
  for (const l of listeners) l();
}

export function useRenderKind(): { kind: RenderKind; renderer: string } {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
