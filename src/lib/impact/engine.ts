import { UserError, ExitCode } from '../errors.js';
import type { ImpactEngine } from './impact.js';

/** The local control plane's matching engine, for `diff --impact` (wired once the matching core is in). */
export const kumaEngine: ImpactEngine<unknown> = {
  snapshot: (resources) => resources,
  rules: () => {
    throw new UserError('diff --impact: the policy-matching engine is not in this build yet', ExitCode.UNEXPECTED);
  },
};
