// The edge rules of a pending continuation, for the one tracked-range arithmetic in core.
import type { EdgeRules } from '../../core/trackedRange';

/**
 * Typing right before the pending text moves it along; typing right after it means the writer
 * carried on from it, which counts as editing it (accept as edited) — except while nothing has
 * arrived yet (an empty range), when the continuation simply comes after what they typed.
 */
export const PENDING_EDGES: EdgeRules = { atStart: 'outside', atEnd: 'inside' };
