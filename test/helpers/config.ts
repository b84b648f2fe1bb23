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
