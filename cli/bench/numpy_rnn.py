"""The bench's training workloads in vectorised NumPy, float32, single thread: the reference the
WebAssembly kernels are compared with (cli/bench/numpy.ts runs this when numpy is installed).

Same model, batching and update as core/: names sorted longest first in each batch so only the
rows still running are computed (h_t = tanh(U x_t + W h_{t-1} + b), softmax(V h_t + c)), full
BPTT per name, gradients divided by the batch's tokens, global-norm clipping at 5, then Adam or
SGD. Prints {"W1": tokens/s, "H384": tokens/s, "W0": tokens/s} as JSON (the workloads named, if any).
BLAS runs on one thread unless OPENBLAS_NUM_THREADS (or OMP_/MKL_) says otherwise.

usage: numpy_rnn.py NAMES_FILE SECONDS_PER_RUN [WORKLOAD …]
"""
import json
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
import numpy as np  # noqa: E402 (after the thread settings)

F = np.float32
WORKLOADS = {
    "W1": dict(H=128, B=32, optimizer="adam", lr=0.002),
    "H384": dict(H=384, B=32, optimizer="adam", lr=0.002),
    "W0": dict(H=100, B=1, optimizer="sgd", lr=0.05),
}


def load(path):
    names = [line.strip() for line in open(path, encoding="utf-8") if line.strip()]
    alphabet = sorted(set("".join(names)))
    stoi = {ch: i + 1 for i, ch in enumerate(alphabet)}
    return [np.array([stoi[ch] for ch in name], dtype=np.int64) for name in names], len(alphabet) + 1


def train(seqs, A, H, B, optimizer, lr, seconds, clip=5.0, seed=42):
    rng = np.random.default_rng(seed)
    U = (rng.standard_normal((H, A)) * 0.5).astype(F)
    W = (rng.standard_normal((H, H)) / np.sqrt(H)).astype(F)
    V = (rng.standard_normal((A, H)) * 0.01 / np.sqrt(H)).astype(F)
    b = np.zeros(H, F)
    c = np.zeros(A, F)
    params = [U, W, V, b, c]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, eps = F(0.9), F(0.999), F(1e-8)
    order = rng.permutation(len(seqs))
    cursor, step = 0, 0
    tokens, started, warmup_end = 0, None, time.perf_counter() + min(0.5, seconds / 5)
    while True:
        if cursor + B > len(order):
            order, cursor = rng.permutation(len(seqs)), 0
        batch = sorted((seqs[i] for i in order[cursor:cursor + B]), key=len, reverse=True)
        cursor += B
        lengths = np.array([len(s) + 1 for s in batch])
        T = int(lengths[0])
        X = np.zeros((T, B), np.int64)  # inputs [0, x1 … xn]
        Y = np.zeros((T, B), np.int64)  # targets [x1 … xn, 0]
        for r, s in enumerate(batch):
            X[1:len(s) + 1, r] = s
            Y[:len(s), r] = s
        active = [int((lengths > t).sum()) for t in range(T)]
        # forward
        hs = np.zeros((T + 1, B, H), F)
        dO = [None] * T
        loss = 0.0
        for t in range(T):
            n = active[t]
            h = np.tanh(U[:, X[t, :n]].T + hs[t, :n] @ W.T + b)
            hs[t + 1, :n] = h
            o = h @ V.T + c
            o -= o.max(axis=1, keepdims=True)
            e = np.exp(o)
            p = e / e.sum(axis=1, keepdims=True)
            rows = np.arange(n)
            loss -= float(np.log(p[rows, Y[t, :n]]).sum())
            p[rows, Y[t, :n]] -= 1
            dO[t] = p
        # backward
        dU, dW, dV, db, dc = (np.zeros_like(q) for q in params)
        dUT = np.zeros((A, H), F)
        dh_next = np.zeros((B, H), F)
        for t in reversed(range(T)):
            n = active[t]
            dV += dO[t].T @ hs[t + 1, :n]
            dc += dO[t].sum(axis=0)
            dz = (1 - hs[t + 1, :n] ** 2) * (dO[t] @ V + dh_next[:n])
            dW += dz.T @ hs[t, :n]
            db += dz.sum(axis=0)
            np.add.at(dUT, X[t, :n], dz)
            dh_next[:n] = dz @ W
        dU += dUT.T
        grads = [dU, dW, dV, db, dc]
        count = int(lengths.sum())
        for g in grads:
            g *= F(1 / count)
        norm = float(np.sqrt(sum(float((g * g).sum()) for g in grads)))
        if norm > clip:
            for g in grads:
                g *= F(clip / norm)
        step += 1
        if optimizer == "sgd":
            for p, g in zip(params, grads):
                p -= F(lr) * g
        else:
            c1, c2 = F(1 - 0.9 ** step), F(1 - 0.999 ** step)
            for p, g, mi, vi in zip(params, grads, m, v):
                mi *= beta1
                mi += (1 - beta1) * g
                vi *= beta2
                vi += (1 - beta2) * g * g
                p -= F(lr) * (mi / c1) / (np.sqrt(vi / c2) + eps)
        now = time.perf_counter()
        if started is None:
            if now >= warmup_end:
                started = now
        else:
            tokens += count
            if now - started >= seconds:
                return tokens / (now - started)


def main():
    path, seconds, labels = sys.argv[1], float(sys.argv[2]), sys.argv[3:] or list(WORKLOADS)
    seqs, A = load(path)
    print(json.dumps({label: train(seqs, A, **WORKLOADS[label], seconds=seconds) for label in labels}))


if __name__ == "__main__":
    main()
