// A NamesakeApi made of spies, with helpers to push ticks and events as a backend would.
import { vi } from 'vitest';
import type { DatasetSummary, MenuCommand, ModelSummary, NamesakeApi, TrainingEvent, TrainingTick } from '../../contract/api.ts';
import { DEFAULT_SETTINGS } from '../../core/settings.ts';
import type { Progress } from '../../core/trainer.ts';

export function summary(over: Partial<DatasetSummary> = {}): DatasetSummary {
  return {
    files: ['names.txt'],
    names: 3,
    alphabet: ['a', 'b', 'e', 'm', 'n', 'o'],
    categories: [],
    namesPerCategory: [],
    lengthHistogram: [0, 0, 0, 2, 1],
    reports: [
      {
        fileName: 'names.txt',
        format: 'lines',
        encoding: 'utf-8',
        accepted: 3,
        skipped: [
          { line: 2, reason: 'blank', text: '' },
          { line: 5, reason: 'duplicate', text: 'anna (first on line 1)' },
        ],
        skippedCounts: { blank: 1, duplicate: 1, 'too-long': 0, 'invalid-character': 0, 'missing-field': 0 },
      },
    ],
    examples: ['anna', 'bob', 'emma'],
    ...over,
  } as DatasetSummary;
}

export function model(over: Partial<ModelSummary> = {}): ModelSummary {
  return {
    id: 'm1',
    name: 'First run',
    createdAt: Date.UTC(2025, 0, 1),
    updatedAt: Date.UTC(2025, 0, 1),
    dataset: { files: ['names.txt'], names: 3 },
    categories: [],
    settings: { ...DEFAULT_SETTINGS, hiddenSize: 384, learningRate: 0.002 }, // as a trainer saves them: 'auto' chosen
    steps: 1200,
    bestValLoss: 2.1,
    ...over,
  };
}

export function progress(over: Partial<Progress> = {}): Progress {
  return {
    step: 100, epoch: 0.5, tokens: 5000, seconds: 2, tokensPerSecond: 2500, trainLoss: 2.5, valLoss: null, bestValLoss: null,
    learningRate: 0.005, fraction: 0.25, etaSeconds: 6, ...over,
  };
}

export function tick(over: Partial<TrainingTick> = {}): TrainingTick {
  return { progress: progress(), losses: [], dLdhNorms: [], paramGradNorms: null, clippedSteps: [], evaluations: [], ...over };
}

export function createFakeApi(kind: 'web' | 'electron' = 'web') {
  const ticks = new Set<(t: TrainingTick) => void>();
  const events = new Set<(e: TrainingEvent) => void>();
  const menus = new Set<(c: MenuCommand) => void>();
  const api = {
    kind,
    datasets: {
      loadBundled: vi.fn(async () => summary()),
      importFiles: vi.fn(async () => summary({ files: ['pets.txt'], names: 2 })),
      openDialog: vi.fn(async () => summary({ files: ['dialog.txt'], names: 7 })),
    },
    training: {
      start: vi.fn(async () => {}),
      pause: vi.fn(async () => {}),
      resume: vi.fn(async () => {}),
      stop: vi.fn(async () => {}),
      continueModel: vi.fn(async () => summary()),
      onTick: vi.fn((l: (t: TrainingTick) => void) => (ticks.add(l), () => ticks.delete(l))),
      onEvent: vi.fn((l: (e: TrainingEvent) => void) => (events.add(l), () => events.delete(l))),
    },
    model: {
      generate: vi.fn(async () => [
        { name: 'amara', logProb: Math.log(0.002), inTraining: false },
        { name: 'anna', logProb: Math.log(0.01), inTraining: true },
      ]),
      inspect: vi.fn(async (name: string) => ({
        name,
        logProb: Math.log(0.05),
        steps: [
          { char: 'a', prob: 0.2, top: [{ char: 'a', prob: 0.2 }, { char: 'e', prob: 0.1 }] },
          { char: 'b', prob: 0.5, top: [{ char: 'b', prob: 0.5 }] },
          { char: '', prob: 0.5, top: [{ char: '', prob: 0.5 }] },
        ],
        hidden: [[0.1, -0.2], [0.3, 0.4], [0.5, -0.6]],
        dLdhNorms: [0.5, 0.7, 1],
      })),
    },
    library: {
      list: vi.fn(async () => ({ models: [] as ModelSummary[], problems: [] })),
      saveCurrent: vi.fn(async (name: string) => model({ id: 'saved', name })),
      load: vi.fn(async () => ({ vocab: { alphabet: ['a', 'b'], categories: [] }, hiddenSize: 8, trainingNames: 3, canContinue: true })),
      rename: vi.fn(async (id: string, name: string) => model({ id, name })),
      remove: vi.fn(async () => {}),
      history: vi.fn(async () => [{ step: 250, tokens: 1, seconds: 1, trainLoss: 2.5, valLoss: 2.4 }]),
      exportModel: vi.fn(async () => true),
      importModel: vi.fn(async () => model({ id: 'imported', name: 'Imported' })),
      recovery: vi.fn(async () => null),
      resumeRecovery: vi.fn(async () => summary()),
      discardRecovery: vi.fn(async () => {}),
    },
    files: { exportNames: vi.fn(async () => true) },
    onMenu: vi.fn((l: (c: MenuCommand) => void) => (menus.add(l), () => menus.delete(l))),
  } satisfies NamesakeApi;
  return {
    api,
    emitTick: (t: TrainingTick) => ticks.forEach((l) => l(t)),
    emitEvent: (e: TrainingEvent) => events.forEach((l) => l(e)),
    emitMenu: (c: MenuCommand) => menus.forEach((l) => l(c)),
  };
}
