// The status line under the training controls and the one backend request in flight: actions run
// through `run`, which marks the window busy and turns a refusal into an error notice.

import { messageOf } from '../../core/errors.ts';
import { refused, type Notice } from './messages.ts';

export class Activity {
  status = $state<Notice | null>(null);
  busy = $state(false);
  readonly #afterFailure: () => void;

  /** `afterFailure` tidies up after any refused request (a start that never began). */
  constructor(afterFailure: () => void = () => {}) {
    this.#afterFailure = afterFailure;
  }

  /** Run a backend request; a refusal becomes the status (prefixed with `context`) and null. */
  async run<T>(request: () => Promise<T>, context?: string): Promise<T | null> {
    this.busy = true;
    try {
      return await request();
    } catch (error) {
      this.status = refused(messageOf(error), context);
      this.#afterFailure();
      return null;
    } finally {
      this.busy = false;
    }
  }
}
