// What the browser build's host must send with every file: the two headers that make the page
// cross-origin isolated, so its training worker may share memory with a second kernel thread
// (renderer/backend/worker.ts). `npm run web` (vite.web.config.ts) and the test harness send them.

export const CROSS_ORIGIN_ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;
