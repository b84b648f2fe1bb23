/** Which control plane a command talks to. No HTTP here. */
import { ExitCode, UsageError, UserError } from '../errors.js';
import { BROKEN_CONFIG, NO_ACTIVE_CP, type KumactlConfig, type Target } from './model.js';

/**
 * kumactl's resolution: current context → its control plane (`--context` replaces that control-plane
 * name, as kumactl does). `cpAddress` bypasses the file; `token` adds `Authorization: Bearer`.
 */
export function resolveTarget(config: KumactlConfig, opts: { context?: string; cpAddress?: string; token?: string }): Target {
  let target: Target;
  if (opts.cpAddress) {
    if (!/^https?:\/\/[^/]/i.test(opts.cpAddress) || !URL.canParse(opts.cpAddress)) {
      throw new UsageError(`invalid control plane address ${JSON.stringify(opts.cpAddress)} (--cp-address / KUMACTL_CP_ADDRESS): use http://HOST:PORT or https://HOST:PORT`);
    }
    target = { controlPlane: 'cp-address', apiServer: { url: opts.cpAddress } };
  } else {
    if (!config.currentContext) throw new UserError(NO_ACTIVE_CP, ExitCode.UNEXPECTED);
    const ctx = config.contexts?.find((c) => c.name === config.currentContext);
    if (!ctx) throw new UserError(BROKEN_CONFIG, ExitCode.UNEXPECTED);
    const cpName = opts.context || ctx.controlPlane;
    const cp = config.controlPlanes?.find((c) => c.name === cpName);
    if (!cp) throw new UserError(BROKEN_CONFIG, ExitCode.UNEXPECTED);
    target = { controlPlane: cp.name, apiServer: structuredClone(cp.coordinates?.apiServer ?? { url: '' }) };
    if (ctx.defaults?.mesh) target.defaultMesh = ctx.defaults.mesh;
  }
  if (opts.token) {
    target.apiServer.authType = 'tokens';
    target.apiServer.authConf = { ...target.apiServer.authConf, token: opts.token };
  }
  return target;
}
