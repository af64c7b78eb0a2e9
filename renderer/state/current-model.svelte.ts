// The model to generate from and inspect: the run (in progress or done) or one loaded from the library.

export type ActiveModel = { label: string; categories: string[]; savedId: string | null };

export class CurrentModel {
  value = $state.raw<ActiveModel | null>(null);

  use(label: string, categories: string[], savedId: string | null = null): void {
    this.value = { label, categories, savedId };
  }

  /** The current model now has a copy in the library. */
  markSaved(id: string): void {
    if (this.value) this.value = { ...this.value, savedId: id };
  }

  /** A library model was deleted: if it was the current one, it stays, unsaved. */
  forget(id: string): void {
    if (this.value?.savedId === id) this.value = { ...this.value, savedId: null };
  }
}
