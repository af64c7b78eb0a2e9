// What training shows while it runs: state, progress and the live series the charts draw. Ticks
// arrive a few times a second; each replaces the long arrays wholesale ($state.raw), bounded so
// drawing costs the same after an hour as after a minute.

import { PARAM_NAMES, type ParamName } from '../../core/params.ts';
import type { HistoryPoint, Progress } from '../../core/trainer.ts';
import type { TrainingState, TrainingTick } from '../../contract/api.ts';
import { appendBounded, appendColumn, smooth, type Point } from './series.ts';

const MAX_POINTS = 1500;
const MAX_COLUMNS = 400;
const MAX_CLIP_MARKS = 500;

export type GradColumn = { step: number; norms: number[] };

export class TrainingView {
  state = $state<TrainingState>('idle');
  progress = $state.raw<Progress | null>(null);
  /** Raw per-step batch loss and its moving average. */
  lossRaw = $state.raw<Point[]>([]);
  lossSmooth = $state.raw<Point[]>([]);
  valLoss = $state.raw<Point[]>([]);
  /** ‖dL/dh_t‖ of the latest step, t = 0 … T−1. */
  dLdh = $state.raw<number[]>([]);
  /** The ‖dL/dh_t‖ profile at each tick, for the heatmap. */
  dLdhColumns = $state.raw<GradColumn[]>([]);
  paramNorms = $state.raw<Record<ParamName, Point[]>>(emptyParamNorms());
  clipped = $state.raw<number[]>([]);
  /** The clipping threshold of the run (0 = off), for the marker line. */
  clip = $state(0);
  ticks = $state(0);
  #smoothLast: number | null = null;

  readonly active = $derived(this.state === 'running' || this.state === 'paused');

  reset(clip: number): void {
    this.progress = null;
    this.lossRaw = [];
    this.lossSmooth = [];
    this.valLoss = [];
    this.dLdh = [];
    this.dLdhColumns = [];
    this.paramNorms = emptyParamNorms();
    this.clipped = [];
    this.clip = clip;
    this.ticks = 0;
    this.#smoothLast = null;
  }

  /** A saved model's curves (its evaluations), so loading it shows how it learned. */
  showHistory(points: HistoryPoint[], clip: number): void {
    this.reset(clip);
    this.lossSmooth = appendBounded([], points.map((point) => ({ x: point.step, y: point.trainLoss })), MAX_POINTS);
    this.valLoss = appendBounded([], points.map((point) => ({ x: point.step, y: point.valLoss })), MAX_POINTS);
  }

  /** Progress and the live series; never the state, which only state events change. */
  applyTick(tick: TrainingTick): void {
    const { progress } = tick;
    this.progress = progress;
    this.ticks++;
    if (tick.losses.length > 0) {
      const raw = tick.losses.filter((entry) => Number.isFinite(entry.loss)).map((entry) => ({ x: entry.step, y: entry.loss }));
      const smoothed = smooth(raw, this.#smoothLast);
      this.#smoothLast = smoothed.last;
      this.lossRaw = appendBounded(this.lossRaw, raw, MAX_POINTS);
      this.lossSmooth = appendBounded(this.lossSmooth, smoothed.points, MAX_POINTS);
    }
    if (tick.evaluations.length > 0) {
      this.valLoss = appendBounded(this.valLoss, tick.evaluations.map((evaluation) => ({ x: evaluation.step, y: evaluation.valLoss })), MAX_POINTS);
    }
    if (tick.dLdhNorms.length > 0) {
      this.dLdh = tick.dLdhNorms;
      this.dLdhColumns = appendColumn(this.dLdhColumns, { step: progress.step, norms: tick.dLdhNorms }, MAX_COLUMNS);
    }
    const norms = tick.paramGradNorms;
    if (norms) {
      const next = {} as Record<ParamName, Point[]>;
      for (const name of PARAM_NAMES) next[name] = appendBounded(this.paramNorms[name], [{ x: progress.step, y: norms[name] }], MAX_POINTS);
      this.paramNorms = next;
    }
    if (tick.clippedSteps.length > 0) this.clipped = this.clipped.concat(tick.clippedSteps).slice(-MAX_CLIP_MARKS);
  }
}

function emptyParamNorms(): Record<ParamName, Point[]> {
  return { U: [], W: [], V: [], b: [], c: [] };
}
