// The browser build's model library in IndexedDB: one small record per model (what the list shows,
// with its validation history) and the model file text stored apart, so listing never reads the
// large texts. The recovery checkpoint of the run in progress sits in the same database.

import type { HistoryPoint, ModelSummary, RecoveryOffer } from '../../contract/api.ts';

const DB_NAME = 'namesake';
const DB_VERSION = 1;
const MODELS = 'models';
const TEXTS = 'texts';
const META = 'meta';
const RECOVERY_KEY = 'recovery';

export type StoredModel = { summary: ModelSummary; history: HistoryPoint[] };
export type StoredRecovery = { offer: RecoveryOffer; text: string };

export type LibraryDb = {
  list(): Promise<StoredModel[]>;
  get(id: string): Promise<StoredModel | undefined>;
  text(id: string): Promise<string | undefined>;
  put(model: StoredModel, text?: string): Promise<void>;
  remove(id: string): Promise<void>;
  recovery(): Promise<StoredRecovery | undefined>;
  setRecovery(recovery: StoredRecovery | null): Promise<void>;
};

export function openLibraryDb(factory: IDBFactory = indexedDB, name = DB_NAME): Promise<LibraryDb> {
  return new Promise((resolve, reject) => {
    const open = factory.open(name, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(MODELS)) db.createObjectStore(MODELS, { keyPath: 'summary.id' });
      if (!db.objectStoreNames.contains(TEXTS)) db.createObjectStore(TEXTS);
      if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
    };
    open.onerror = () => reject(new Error(`the model library cannot be opened: ${open.error?.message ?? 'unknown error'}`));
    open.onsuccess = () => resolve(wrap(open.result));
  });
}

function wrap(db: IDBDatabase): LibraryDb {
  // Transactions on overlapping stores run in the order they were created, so writes stay ordered.
  function run<T>(stores: string[], mode: IDBTransactionMode, body: (tx: IDBTransaction) => IDBRequest<T> | void): Promise<T> {
    return new Promise((resolve, reject) => {
      const tx = db.transaction(stores, mode);
      const request = body(tx);
      tx.oncomplete = () => resolve(request ? request.result : (undefined as T));
      tx.onerror = tx.onabort = () => reject(new Error(`model library: ${tx.error?.message ?? 'the storage refused the operation'}`));
    });
  }
  return {
    list: () => run<StoredModel[]>([MODELS], 'readonly', (tx) => tx.objectStore(MODELS).getAll()),
    get: (id) => run<StoredModel | undefined>([MODELS], 'readonly', (tx) => tx.objectStore(MODELS).get(id)),
    text: (id) => run<string | undefined>([TEXTS], 'readonly', (tx) => tx.objectStore(TEXTS).get(id)),
    put: (model, text) =>
      run([MODELS, TEXTS], 'readwrite', (tx) => {
        tx.objectStore(MODELS).put(model);
        if (text !== undefined) tx.objectStore(TEXTS).put(text, model.summary.id);
      }),
    remove: (id) =>
      run([MODELS, TEXTS], 'readwrite', (tx) => {
        tx.objectStore(MODELS).delete(id);
        tx.objectStore(TEXTS).delete(id);
      }),
    recovery: () => run<StoredRecovery | undefined>([META], 'readonly', (tx) => tx.objectStore(META).get(RECOVERY_KEY)),
    setRecovery: (recovery) =>
      run([META], 'readwrite', (tx) => {
        if (recovery) tx.objectStore(META).put(recovery, RECOVERY_KEY);
        else tx.objectStore(META).delete(RECOVERY_KEY);
      }),
  };
}
