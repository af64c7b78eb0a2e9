// The exponential moving average of the training loss: the trainer's reported train loss and the
// renderer's smoothed loss curve are the same formula, so the two never disagree.

export const LOSS_SMOOTHING = 0.98;

/** m ← α·m + (1 − α)·loss, one step of the moving average. */
export function smoothLoss(previous: number, loss: number, alpha = LOSS_SMOOTHING): number {
  return alpha * previous + (1 - alpha) * loss;
}
