import { stringify } from 'yaml';

/** The configuration kumactl writes on first use, byte for byte (kumactl.md §1.3). */
export const DEFAULT_CONFIG_YAML = `contexts:
- controlPlane: local
  name: local
controlPlanes:
- coordinates:
    apiServer:
      url: http://localhost:5681
  name: local
currentContext: local
`;

/** A kumactl config with one control plane, `name`, at `url` (more `apiServer` coordinates when given), current. */
export function configYaml(url: string, name = 'local', apiServer: Record<string, unknown> = {}): string {
  return stringify({
    contexts: [{ controlPlane: name, name }],
    controlPlanes: [{ coordinates: { apiServer: { url, ...apiServer } }, name }],
    currentContext: name,
  });
}
