/**
 * How each level of the hierarchy looks on the map: coarse levels bold and bright, fine ones thin and
 * quiet, so the structure reads from across the command-center room. Zooms are for a district of
 * roughly Nansha's size (≈800 km²): towns read at z 9–13, communities at z 11.5–15.5, cells from z 14.
 */
import type { GridLevel } from '../../../shared/grid/types.ts';

/** [zoom, value] pairs, interpolated linearly. */
export type Stops = readonly (readonly [number, number])[];

export interface LevelLook {
  line: string;
  lineWidth: Stops;
  lineOpacity: Stops;
  /**
   * Round joins cost about three times the vertices of miter joins (a fan at every bend), and on a
   * hairline they look the same: only the bold top-level outlines keep them. On software WebGL the
   * city view's community outlines alone were ~560,000 vertices, a third of a second every frame.
   */
  lineJoin: 'round' | 'miter';
  /** Land tint under the grid; only the outermost levels have one. */
  fill: string | null;
  fillOpacity: number;
  /** A soft wide line under the outline, for the top levels. */
  glow: boolean;
  /** Layers below this zoom are not drawn at all (thousands of cells would be noise at district scale). */
  minZoom: number;
  label: {
    color: string;
    size: Stops;
    bold: boolean;
    minZoom: number;
    maxZoom: number;
    /** Cells show their code under the name when zoomed in close. */
    codeFromZoom: number | null;
  };
  /** The map picks the finest visible level whose pickFromZoom has been reached. */
  pickFromZoom: number;
}

export const LEVEL_LOOK: Record<GridLevel, LevelLook> = {
  city: {
    line: '#e6fbff',
    lineWidth: [
      [6, 2.5],
      [12, 4.5],
    ],
    lineOpacity: [[0, 1]],
    lineJoin: 'round',
    fill: '#081d36',
    fillOpacity: 0.6,
    glow: true,
    minZoom: 0,
    label: {
      color: '#e6fbff',
      size: [
        [6, 18],
        [10, 26],
      ],
      bold: true,
      minZoom: 0,
      maxZoom: 8.5,
      codeFromZoom: null,
    },
    pickFromZoom: 0,
  },
  district: {
    line: '#3ff2ff',
    lineWidth: [
      [8, 2.4],
      [14, 4.5],
    ],
    lineOpacity: [[0, 1]],
    lineJoin: 'round',
    fill: '#0b2a4c',
    fillOpacity: 0.55,
    glow: true,
    minZoom: 0,
    label: {
      color: '#c9fbff',
      size: [
        [6, 18],
        [9.5, 26],
      ],
      bold: true,
      minZoom: 0,
      maxZoom: 9.4,
      codeFromZoom: null,
    },
    pickFromZoom: 0,
  },
  town: {
    line: '#ffc857',
    lineWidth: [
      [8, 1.4],
      [14, 3],
    ],
    lineOpacity: [[0, 0.95]],
    lineJoin: 'miter',
    fill: null,
    fillOpacity: 0,
    glow: false,
    minZoom: 0,
    label: {
      color: '#ffe2a0',
      size: [
        [8.5, 13],
        [12.5, 20],
      ],
      bold: true,
      minZoom: 8.5,
      maxZoom: 12.6,
      codeFromZoom: null,
    },
    pickFromZoom: 0,
  },
  community: {
    line: '#5aa9ff',
    lineWidth: [
      [9, 0.5],
      [12, 1],
      [16, 2],
    ],
    lineOpacity: [
      [9, 0.55],
      [12, 0.9],
    ],
    lineJoin: 'miter',
    fill: null,
    fillOpacity: 0,
    glow: false,
    minZoom: 8,
    label: {
      color: '#d2e8ff',
      size: [
        [11.5, 12],
        [15, 16],
      ],
      bold: false,
      minZoom: 11.6,
      maxZoom: 15.6,
      codeFromZoom: null,
    },
    pickFromZoom: 11.2,
  },
  cell: {
    line: '#2dd4bf',
    lineWidth: [
      [11, 0.3],
      [14, 0.8],
      [17, 1.6],
    ],
    lineOpacity: [
      [10.5, 0],
      [12, 0.35],
      [14, 0.6],
    ],
    lineJoin: 'miter',
    fill: null,
    fillOpacity: 0,
    glow: false,
    minZoom: 10.5,
    label: {
      color: '#a8f5ea',
      size: [
        [14, 11],
        [17, 14],
      ],
      bold: false,
      minZoom: 14.2,
      maxZoom: 24,
      codeFromZoom: 16,
    },
    pickFromZoom: 13.6,
  },
};

export const MAP_BACKGROUND = '#040a16';
export const SELECTED_FILL = '#22d3ee';
export const SELECTED_LINE = '#ffffff';
export const SELECTED_GLOW = '#22e6ff';
export const LABEL_HALO = '#030812';
