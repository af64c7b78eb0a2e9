// Each panel's props as App.svelte passes them, read through getters so that a test which changes
// the workbench after rendering sees the panel follow, as it does in the window.
import type { Workbench } from '../../renderer/state/app.svelte.ts';

export const trainingProps = (app: Workbench) => ({ session: app.session, recovery: app.recovery });

export const datasetProps = (app: Workbench) => ({
  datasets: app.datasets,
  get locked() {
    return app.training.active;
  },
  onfiles: (files: File[]) => app.dropFiles(files),
});

export const settingsProps = (app: Workbench) => ({
  settings: app.settings,
  get locked() {
    return app.training.active;
  },
});

export const lossProps = (app: Workbench) => ({
  training: app.training,
  get alphabetSize() {
    return app.datasets.summary?.alphabet.length ?? null;
  },
});

export const modelProps = (app: Workbench) => ({
  api: app.api,
  get model() {
    return app.model.value;
  },
});

export const libraryProps = (app: Workbench) => ({
  library: app.library,
  get model() {
    return app.model.value;
  },
  get busy() {
    return app.activity.busy;
  },
  get locked() {
    return app.training.active;
  },
  oncontinue: (saved: Parameters<Workbench['session']['continueModel']>[0]) => app.session.continueModel(saved),
});
