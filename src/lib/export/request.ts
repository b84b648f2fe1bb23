import type { KumaClient } from '../client/index.js';
import { UsageError } from '../errors.js';
import { allMeshNames, exportMeshes, formatExport } from './index.js';
import { checkProfileFlags, exportProfile, formatProfileExport, type ProfileOptions } from './profiles.js';

/** `export`'s flags, as oclif parses them. */
export interface ExportFlags {
  profile?: string | undefined;
  format?: string | undefined;
  'include-admin'?: boolean | undefined;
  'system-namespace'?: string | undefined;
  mesh?: string[] | undefined;
  'all-meshes': boolean;
  'include-secrets': boolean;
  'include-generated-keys': boolean;
  output?: string | undefined;
}

/** kumactl's export (any of its flags given), or ours: a tenant's meshes as documents apply takes back. */
export type ExportRequest =
  | { mode: 'profile'; options: ProfileOptions }
  | { mode: 'tenant'; meshes: string[] | 'all' | 'current'; includeSecrets: boolean; output: 'yaml' | 'json' };

/** Which export the flags ask for; flags that do not go together are a usage error, before any request. */
export function exportRequest(flags: ExportFlags): ExportRequest {
  const profileMode = flags.profile !== undefined || flags.format !== undefined || flags['include-admin'] !== undefined || flags['system-namespace'] !== undefined;
  if (profileMode) {
    const { profile, format } = checkProfileFlags(flags.profile ?? 'federation', flags.format ?? 'universal');
    if (flags.output === 'json') throw new UsageError('-o json does not go with --profile/--format: kumactl\'s export prints YAML', 'leave out -o, or leave out the profile flags for our JSON export');
    const options: ProfileOptions = {
      profile,
      format,
      includeAdmin: flags['include-admin'] === true || flags['include-secrets'],
      systemNamespace: flags['system-namespace'] ?? 'kuma-system',
      includeGeneratedKeys: flags['include-generated-keys'],
      ...(flags.mesh && !flags['all-meshes'] ? { meshes: flags.mesh } : {}),
    };
    return { mode: 'profile', options };
  }
  if (flags['include-generated-keys']) {
    throw new UsageError('--include-generated-keys goes with --profile', 'kumactl export --profile all --include-generated-keys ...: the builtin CAs then travel with their meshes');
  }
  const meshes = flags['all-meshes'] ? 'all' : (flags.mesh ?? 'current');
  return { mode: 'tenant', meshes, includeSecrets: flags['include-secrets'], output: (flags.output ?? 'yaml') as 'yaml' | 'json' };
}

/** Runs the export: what goes to stdout, and the warnings for stderr. */
export async function runExport(client: KumaClient, request: ExportRequest, currentMesh: string): Promise<{ text: string; warnings: string[] }> {
  if (request.mode === 'profile') {
    const exp = await exportProfile(client, request.options);
    return { text: formatProfileExport(exp, request.options.format, request.options.systemNamespace), warnings: exp.warnings };
  }
  const meshes = request.meshes === 'all' ? await allMeshNames(client) : request.meshes === 'current' ? [currentMesh] : request.meshes;
  const resources = await exportMeshes(client, meshes, { includeSecrets: request.includeSecrets });
  return { text: formatExport(resources, request.output), warnings: [] };
}
